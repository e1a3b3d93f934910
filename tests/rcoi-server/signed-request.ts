import type { IncomingMessage } from 'node:http';
import type { Clock } from '../../main/kernel/clock';
import { HEADER, verifySignature } from '../../main/sync/request-signing';
import { HttpError } from './http-json';
import type { NonceLedger } from './nonce-ledger';
import type { StationRecord, StationRegistry } from './station-registry';

/** PROTOCOL.md: a timestamp more than 10 minutes from server time is stale. */
export const MAX_CLOCK_SKEW_MS = 10 * 60_000;

export type RefusalCode = 'unknown_station' | 'bad_signature' | 'bad_body_hash' | 'stale_timestamp' | 'replayed';

export interface VerifiedHeaders {
  station: StationRecord;
  /** The body hash the station signed; the body itself has not been read yet. */
  bodySha256: string;
}

export function refusal(code: RefusalCode, message: string): HttpError {
  return new HttpError(401, message, code);
}

/**
 * Checks who sent a request and that it is fresh, from its headers alone, before any body is read: so a forged
 * or replayed request is turned away without the server taking its bytes, and only authentic requests spend a
 * nonce (a forger cannot use up a station's nonces). The order makes each refusal name its real cause: the
 * signature covers timestamp, nonce and body hash, so once it verifies those values are the station's own.
 */
export function verifySignedHeaders(
  req: IncomingMessage,
  deps: { stations: StationRegistry; nonces: NonceLedger; clock: Clock },
): VerifiedHeaders {
  const stationId = header(req, HEADER.station);
  const station = stationId === undefined ? undefined : deps.stations.station(stationId);
  if (!station) throw refusal('unknown_station', 'no station is enrolled under this id');

  const timestamp = header(req, HEADER.timestamp);
  const nonce = header(req, HEADER.nonce);
  const bodySha256 = header(req, HEADER.bodySha256)?.toLowerCase();
  const signature = header(req, HEADER.signature);
  if (
    timestamp === undefined || nonce === undefined || bodySha256 === undefined || signature === undefined ||
    !/^[0-9a-f]{32}$/i.test(nonce) || !/^[0-9a-f]{64}$/.test(bodySha256)
  ) {
    throw refusal('bad_signature', 'signing headers are missing or malformed');
  }
  // The signed path is the request target exactly as sent, query included.
  const target = req.url ?? '/';
  const method = req.method ?? 'GET';
  if (!verifySignature(station.publicKey, method, target, timestamp, nonce, header(req, HEADER.bodySha256)!, signature)) {
    throw refusal('bad_signature', 'the signature does not verify with the station key');
  }

  const at = Date.parse(timestamp);
  const now = deps.clock.now().getTime();
  if (Number.isNaN(at) || Math.abs(at - now) > MAX_CLOCK_SKEW_MS) {
    throw refusal('stale_timestamp', `timestamp ${timestamp} is more than 10 minutes from server time ${new Date(now).toISOString()}`);
  }
  if (!deps.nonces.remember(station.stationId, nonce.toLowerCase())) {
    throw refusal('replayed', 'this request was already received');
  }
  return { station, bodySha256 };
}

/** The bytes that arrived must be the ones signed for: otherwise the request was altered on the way. */
export function checkBodyHash(verified: VerifiedHeaders, actualSha256: string): void {
  if (actualSha256 !== verified.bodySha256) throw refusal('bad_body_hash', 'the body does not match X-PPE-Body-Sha256');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
