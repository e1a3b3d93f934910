import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { EMPTY_SHA256, HEADER, signRequest } from '../../main/sync/request-signing';

/** Ways a test bends one signed call, to check that the server refuses it. */
export interface CallOptions {
  body?: Buffer | string;
  headers?: Record<string, string>;
  /** The timestamp to sign (default: now). */
  at?: Date;
  /** Sign this body hash instead of the body's own. */
  signedBodySha256?: string;
  /** Send these bytes instead of the body that was signed (an altered request). */
  sentBody?: Buffer | string;
  /** Sign this path instead of the one requested. */
  signedPath?: string;
  /** Sign with this key instead of the station's. */
  key?: KeyObject;
  /** Send exactly these signing headers (a replay of an earlier call's `auth`). */
  auth?: Record<string, string>;
  /** Leave the signing headers out altogether. */
  unsigned?: boolean;
}

export interface CallResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  /** The signing headers sent, for replays. */
  auth: Record<string, string>;
}

/**
 * A bare station for tests of the reference server: its own Ed25519 key, raw signed calls (from
 * main/sync/request-signing.ts, as the app signs) and the means to alter them. Not the app's client: that one
 * never sends a bad request on purpose.
 */
export class TestStation {
  readonly privateKey: KeyObject;
  readonly publicKeySpki: string;
  stationId = '';

  constructor(
    readonly baseUrl: string,
    readonly now: () => Date = () => new Date(),
  ) {
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
    this.publicKeySpki = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  }

  async enrol(code: string, ppe: { regionCode: string; ppeCode: string } = { regionCode: '42', ppeCode: '0412' }, stationNumber = '1') {
    const res = await fetch(new URL('/api/v1/enrol', this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ppe, stationNumber, enrolmentCode: code, publicKey: this.publicKeySpki }),
    });
    const body = (await res.json()) as { stationId?: string; error?: string };
    if (res.status === 200 && body.stationId) this.stationId = body.stationId;
    return { status: res.status, body };
  }

  async call<T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<CallResult<T>> {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const bodySha256 = options.signedBodySha256 ?? (body ? sha256(body) : EMPTY_SHA256);
    const auth = options.unsigned
      ? {}
      : (options.auth ??
        signRequest(options.key ?? this.privateKey, this.stationId, method, options.signedPath ?? path, bodySha256, options.at ?? this.now()));
    const sent = options.sentBody === undefined ? body : Buffer.from(options.sentBody);
    const res = await fetch(new URL(path, this.baseUrl), { method, headers: { ...options.headers, ...auth }, body: sent });
    return { status: res.status, body: (await res.json()) as T, headers: res.headers, auth };
  }

  putItem(itemId: string, item: { kind: string; schemaVersion: number; stream: string; payload: unknown }, options: CallOptions = {}) {
    return this.call('PUT', `/api/v1/items/${itemId}`, { body: JSON.stringify(item), headers: JSON_TYPE, ...options });
  }

  openUpload(declaration: { itemId: string; kind: string; schemaVersion: number; stream: string; size: number; sha256: string; chunkSize: number }) {
    return this.call('POST', '/api/v1/uploads', { body: JSON.stringify(declaration), headers: JSON_TYPE });
  }

  /** A chunk as the protocol sends it: the chunk hash is both X-PPE-Chunk-Sha256 and the signed body hash. */
  putChunk(itemId: string, index: number, bytes: Buffer, options: CallOptions & { chunkSha256?: string } = {}) {
    const chunkSha256 = options.chunkSha256 ?? sha256(bytes);
    return this.call('PUT', `/api/v1/uploads/${itemId}/chunks/${index}`, {
      body: bytes,
      signedBodySha256: chunkSha256,
      ...options,
      headers: { 'content-type': 'application/octet-stream', [HEADER.chunkSha256]: chunkSha256, ...options.headers },
    });
  }

  commit(itemId: string) {
    return this.call('POST', `/api/v1/uploads/${itemId}/commit`);
  }

  feed(after: number, limit?: number) {
    return this.call<{ items: { cursor: number; id: string; kind: string; schemaVersion: number; payload: unknown }[]; next: number }>(
      'GET',
      `/api/v1/feed?after=${after}${limit === undefined ? '' : `&limit=${limit}`}`,
    );
  }
}

const JSON_TYPE = { 'content-type': 'application/json' };

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
