import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { checkAnswer, type AnswerBinding } from './answer-signing';
import { httpRequest, type HttpAnswer } from '../rcoi/http-request';
import { EMPTY_SHA256, HEADER, signRequest } from './request-signing';

/** The network failed or RCOI failed (5xx, timeout, dropped connection): try again later. */
export class SyncTransientError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'SyncTransientError';
  }
}

/** RCOI answered and refused (4xx): retrying the same request will not help. */
export class SyncRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    /** The rest of RCOI's signed refusal (e.g. the exam key's `left`, `opensAt`), for the caller to word. */
    readonly answer: Record<string, unknown> = {},
  ) {
    super(`RCOI refused: ${status} ${reason}`);
    this.name = 'SyncRefusedError';
  }
}

/**
 * An answer that RCOI did not give, or that is not an answer to what we sent: no signature by the pinned RCOI key,
 * a signature over another request (a replayed acknowledgement), or signed content that does not match what was
 * sent (another hash, a feed page that is not the one asked for). Never a delivery. Transient, because the real
 * RCOI may be reachable later (a look-alike server on the network, a man in the middle): the item stays queued.
 */
export class SyncAnswerNotAuthenticError extends SyncTransientError {
  constructor(
    readonly problem: string,
    /** Which request got it, without ids: 'PUT /api/v1/items'. */
    readonly request: string,
    status: number,
  ) {
    super(`RCOI answer not authentic (${problem}) to ${request}`, status);
    this.name = 'SyncAnswerNotAuthenticError';
  }
}

export interface Credentials {
  stationId: string;
  privateKey: KeyObject;
}

export interface UploadDescriptor {
  itemId: string;
  kind: string;
  schemaVersion: number;
  stream: string;
  size: number;
  sha256: string;
  chunkSize: number;
}

export interface FeedPage {
  items: { cursor: number; id: string; kind: string; schemaVersion: number; payload: unknown }[];
  next: number;
}

/** RCOI's refusals of a request that was not the one we sent (PROTOCOL.md, "Credentials and request signing"). */
const TAMPERED = new Set(['bad_signature', 'bad_body_hash', 'replayed']);

/** No answer of the protocol comes near this (a feed page of 50 bundles is a few MiB); a longer one is cut off. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** An answer checked for authenticity, parsed, and given to a checker of its content. */
type Expect<T> = (json: unknown) => T | null;

/**
 * The client half of the protocol in PROTOCOL.md: every call signed, every answer verified against the RCOI key
 * pinned at set-up and bound to the request it answers, and every answer checked for shape and for agreement with
 * what was sent. It keeps the measured offset to RCOI's clock and signs with corrected timestamps, so a machine
 * whose clock is off is still heard (and the offset is shown and journaled by the worker).
 */
export class SyncClient {
  /** RCOI's clock minus ours, in ms, as last measured. */
  offsetMs = 0;

  constructor(
    private readonly baseUrl: string,
    /** Base64 SPKI DER of RCOI's Ed25519 key as pinned in the PPE's configuration (ppe.rcoi_public_key). */
    private readonly rcoiPublicKey: string,
    private readonly now: () => Date,
    private readonly timeoutMs = 60_000,
    private readonly signal?: AbortSignal,
  ) {}

  /** Reads RCOI's time and measures the offset (half the round trip is taken as the transit time). */
  async time(): Promise<{ serverNow: Date; offsetMs: number }> {
    const sent = this.now().getTime();
    const serverNow = await this.unsigned('GET', '/api/v1/time', null, (json) => {
      const at = new Date(typeof (json as { now?: unknown })?.now === 'string' ? (json as { now: string }).now : '');
      return Number.isNaN(at.getTime()) ? null : at;
    });
    const received = this.now().getTime();
    this.offsetMs = serverNow.getTime() - (sent + received) / 2;
    return { serverNow, offsetMs: this.offsetMs };
  }

  enrol(request: { regionCode: string; ppeCode: string; stationNumber: string; enrolmentCode: string; publicKey: string }) {
    const body = Buffer.from(JSON.stringify(request));
    return this.unsigned('POST', '/api/v1/enrol', body, (json) => {
      const stationId = (json as { stationId?: unknown })?.stationId;
      return typeof stationId === 'string' && stationId !== '' ? { stationId } : null;
    });
  }

  /** Delivers a small item. Resolves only on RCOI's signed acknowledgement of this item with this payload's hash. */
  putItem(creds: Credentials, itemId: string, item: { kind: string; schemaVersion: number; stream: string; payload: unknown }) {
    const sha256 = createHash('sha256').update(JSON.stringify(item.payload)).digest('hex');
    return this.signed(creds, 'PUT', `/api/v1/items/${encodeURIComponent(itemId)}`, Buffer.from(JSON.stringify(item)), {
      'content-type': 'application/json',
    }, (json) => acknowledgement(json, sha256));
  }

  /**
   * Opens (or resumes) a large upload. A signed 'stored' here is an acknowledgement too: it answers this very
   * declaration (id, size, SHA-256), which the signature binds through the request body's hash.
   */
  openUpload(creds: Credentials, d: UploadDescriptor) {
    return this.signed(creds, 'POST', '/api/v1/uploads', Buffer.from(JSON.stringify(d)), {
      'content-type': 'application/json',
    }, (json) => {
      const a = json as { received?: unknown; status?: unknown };
      const received = a?.received;
      if (a?.status !== 'open' && a?.status !== 'stored') return null;
      if (!Array.isArray(received) || !received.every((i) => Number.isSafeInteger(i) && (i as number) >= 0)) return null;
      return { received: received as number[], status: a.status };
    });
  }

  putChunk(creds: Credentials, itemId: string, index: number, bytes: Buffer, sha256: string) {
    return this.signed(creds, 'PUT', `/api/v1/uploads/${encodeURIComponent(itemId)}/chunks/${index}`, bytes, {
      'content-type': 'application/octet-stream',
      [HEADER.chunkSha256]: sha256,
    }, (json) => {
      const received = (json as { received?: unknown })?.received;
      return Number.isSafeInteger(received) ? { received: received as number } : null;
    }, sha256);
  }

  /** Commits a large upload. Resolves only on RCOI's signed acknowledgement of this item with the whole file's hash. */
  commitUpload(creds: Credentials, itemId: string, sha256: string) {
    return this.signed(creds, 'POST', `/api/v1/uploads/${encodeURIComponent(itemId)}/commit`, null, {}, (json) => acknowledgement(json, sha256));
  }

  /**
   * One page of RCOI's feed after `after`. Besides the signature (which binds `after` and `limit` through the
   * path), the page must be one that can follow `after`: at most `limit` items, cursors rising from above `after`,
   * and `next` the last of them (or `after` itself when there is nothing new).
   */
  feed(creds: Credentials, after: number, limit = 50) {
    return this.signed(creds, 'GET', `/api/v1/feed?after=${after}&limit=${limit}`, null, {}, (json) => feedPage(json, after, limit));
  }

  /**
   * Asks RCOI for the key to the exam materials (PROTOCOL.md, «Exam key»): the body carries the token-signed request;
   * the answer, signed and bound to this request like every other, carries the key file's text exactly as RCOI
   * signed it (main/exam-keys/rcoi-key-client.ts verifies the file itself).
   */
  examKey(creds: Credentials, body: Buffer, maxAnswerBytes: number) {
    return this.signed(creds, 'POST', '/api/v1/exam-keys', body, { 'content-type': 'application/json' }, (json) => {
      const keyFile = (json as { keyFile?: unknown })?.keyFile;
      return typeof keyFile === 'string' && keyFile !== '' ? { keyFile } : null;
    }, undefined, maxAnswerBytes);
  }

  private signed<T>(
    creds: Credentials,
    method: string,
    path: string,
    body: Buffer | null,
    headers: Record<string, string>,
    expect: Expect<T>,
    knownSha256?: string,
    maxAnswerBytes = MAX_ANSWER_BYTES,
  ): Promise<T> {
    const bodySha = knownSha256 ?? (body ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256);
    const at = new Date(this.now().getTime() + this.offsetMs);
    const auth = signRequest(creds.privateKey, creds.stationId, method, path, bodySha, at);
    const binding: AnswerBinding = { method, pathWithQuery: path, stationId: creds.stationId, nonce: auth[HEADER.nonce]!, bodySha256: bodySha };
    return this.send(binding, body, { ...headers, ...auth }, expect, maxAnswerBytes);
  }

  /**
   * The two requests made before the station has a key (time, enrolment) are not signed, but their answers are:
   * the client still sends a fresh nonce and the body's hash for RCOI to sign them against.
   */
  private unsigned<T>(method: string, path: string, body: Buffer | null, expect: Expect<T>): Promise<T> {
    const bodySha = body ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256;
    const nonce = randomBytes(16).toString('hex');
    const binding: AnswerBinding = { method, pathWithQuery: path, stationId: '', nonce, bodySha256: bodySha };
    const headers: Record<string, string> = { [HEADER.nonce]: nonce, [HEADER.bodySha256]: bodySha };
    if (body) headers['content-type'] = 'application/json';
    return this.send(binding, body, headers, expect);
  }

  private async send<T>(
    binding: AnswerBinding,
    body: Buffer | null,
    headers: Record<string, string>,
    expect: Expect<T>,
    maxAnswerBytes = MAX_ANSWER_BYTES,
  ): Promise<T> {
    let answer: HttpAnswer;
    try {
      answer = await httpRequest(new URL(binding.pathWithQuery, this.baseUrl), {
        method: binding.method,
        headers,
        body,
        timeoutMs: this.timeoutMs,
        maxBytes: maxAnswerBytes,
        signal: this.signal,
      });
    } catch (e) {
      throw new SyncTransientError(`network: ${(e as Error).message}`, null);
    }
    // A failure to answer needs no proof: it changes nothing here but the time of the next try.
    if (answer.status >= 500 || answer.status === 408 || answer.status === 429) {
      throw new SyncTransientError(`RCOI ${answer.status}`, answer.status);
    }
    // Everything else — an acknowledgement, a feed page, and a refusal too (a forged 409 would quarantine an item) —
    // counts only when RCOI signed it for this request.
    const request = `${binding.method} ${routeOf(binding.pathWithQuery)}`;
    const problem = checkAnswer(this.rcoiPublicKey, binding, answer.status, answer.headers, answer.bytes);
    if (problem) throw new SyncAnswerNotAuthenticError(problem, request, answer.status);
    let json: unknown;
    try {
      json = JSON.parse(answer.bytes.toString('utf8'));
    } catch {
      throw new SyncTransientError(`unreadable response ${answer.status}`, answer.status);
    }
    if (answer.status >= 400) {
      const reason = typeof (json as { error?: unknown })?.error === 'string' ? (json as { error: string }).error : 'refused';
      // RCOI did refuse, but not our content: the request it saw was altered or replayed on the way (an attacker
      // can replay our own request to earn a genuine 'replayed'). Quarantining the item for that would let anyone
      // on the network stop a delivery for good; sent again with a fresh nonce, it is simply delivered.
      if (answer.status === 401 && TAMPERED.has(reason)) throw new SyncTransientError(`RCOI 401 ${reason}`, answer.status);
      throw new SyncRefusedError(answer.status, reason, typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {});
    }
    const value = expect(json);
    if (value === null) throw new SyncAnswerNotAuthenticError('answer_mismatch', request, answer.status);
    return value;
  }
}

/** A signed "stored" or "duplicate" counts only for the content we sent: the same SHA-256. */
function acknowledgement(json: unknown, sentSha256: string): { status: 'stored' | 'duplicate'; sha256: string } | null {
  const a = json as { status?: unknown; sha256?: unknown };
  if ((a?.status !== 'stored' && a?.status !== 'duplicate') || a.sha256 !== sentSha256) return null;
  return { status: a.status, sha256: sentSha256 };
}

function feedPage(json: unknown, after: number, limit: number): FeedPage | null {
  const page = json as { items?: unknown; next?: unknown };
  if (!Array.isArray(page?.items) || page.items.length > limit || !Number.isSafeInteger(page.next)) return null;
  let last = after;
  for (const item of page.items as FeedPage['items'][number][]) {
    if (!item || !Number.isSafeInteger(item.cursor) || item.cursor <= last) return null;
    if (typeof item.id !== 'string' || typeof item.kind !== 'string' || !Number.isSafeInteger(item.schemaVersion)) return null;
    last = item.cursor;
  }
  if (page.next !== last) return null;
  return page as FeedPage;
}

/** The route of a request without its ids, for the journal: 'POST /api/v1/uploads/:id/commit'. */
function routeOf(pathWithQuery: string): string {
  return pathWithQuery
    .split('?')[0]!
    .replace(/\/(items|uploads)\/[^/]+/, '/$1/:id')
    .replace(/\/chunks\/\d+/, '/chunks/:n');
}
