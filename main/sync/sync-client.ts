import { createHash, type KeyObject } from 'node:crypto';
import { httpRequest, type HttpAnswer } from './http-request';
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
  ) {
    super(`RCOI refused: ${status} ${reason}`);
    this.name = 'SyncRefusedError';
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

/**
 * The client half of the protocol in PROTOCOL.md: every call signed, every response checked for shape.
 * It keeps the measured offset to RCOI's clock and signs with corrected timestamps, so a machine whose clock is
 * off is still heard (and the offset is shown and journaled by the worker).
 */
export class SyncClient {
  /** RCOI's clock minus ours, in ms, as last measured. */
  offsetMs = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly now: () => Date,
    private readonly timeoutMs = 60_000,
    private readonly signal?: AbortSignal,
  ) {}

  /** Reads RCOI's time and measures the offset (half the round trip is taken as the transit time). */
  async time(): Promise<{ serverNow: Date; offsetMs: number }> {
    const sent = this.now().getTime();
    const body = (await this.send('GET', '/api/v1/time', null, {})) as { now?: string };
    const received = this.now().getTime();
    const serverNow = new Date(body.now ?? '');
    if (Number.isNaN(serverNow.getTime())) throw new SyncTransientError('bad time response', 200);
    this.offsetMs = serverNow.getTime() - (sent + received) / 2;
    return { serverNow, offsetMs: this.offsetMs };
  }

  enrol(request: { regionCode: string; ppeCode: string; stationNumber: string; enrolmentCode: string; publicKey: string }) {
    const body = Buffer.from(JSON.stringify(request));
    return this.send('POST', '/api/v1/enrol', body, { 'content-type': 'application/json' }) as Promise<{ stationId: string }>;
  }

  putItem(creds: Credentials, itemId: string, item: { kind: string; schemaVersion: number; stream: string; payload: unknown }) {
    return this.signed(creds, 'PUT', `/api/v1/items/${encodeURIComponent(itemId)}`, Buffer.from(JSON.stringify(item)), {
      'content-type': 'application/json',
    }) as Promise<{ status: 'stored' | 'duplicate'; sha256: string }>;
  }

  openUpload(creds: Credentials, d: UploadDescriptor) {
    return this.signed(creds, 'POST', '/api/v1/uploads', Buffer.from(JSON.stringify(d)), {
      'content-type': 'application/json',
    }) as Promise<{ received: number[]; status: 'open' | 'stored' }>;
  }

  putChunk(creds: Credentials, itemId: string, index: number, bytes: Buffer, sha256: string) {
    return this.signed(creds, 'PUT', `/api/v1/uploads/${encodeURIComponent(itemId)}/chunks/${index}`, bytes, {
      'content-type': 'application/octet-stream',
      [HEADER.chunkSha256]: sha256,
    }, sha256) as Promise<{ received: number }>;
  }

  commitUpload(creds: Credentials, itemId: string) {
    return this.signed(creds, 'POST', `/api/v1/uploads/${encodeURIComponent(itemId)}/commit`, null, {}) as Promise<{
      status: 'stored' | 'duplicate';
      sha256: string;
    }>;
  }

  feed(creds: Credentials, after: number, limit = 50) {
    return this.signed(creds, 'GET', `/api/v1/feed?after=${after}&limit=${limit}`, null, {}) as Promise<{
      items: { cursor: number; id: string; kind: string; schemaVersion: number; payload: unknown }[];
      next: number;
    }>;
  }

  private signed(
    creds: Credentials,
    method: string,
    path: string,
    body: Buffer | null,
    headers: Record<string, string>,
    knownSha256?: string,
  ): Promise<unknown> {
    const bodySha = knownSha256 ?? (body ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256);
    const at = new Date(this.now().getTime() + this.offsetMs);
    const auth = signRequest(creds.privateKey, creds.stationId, method, path, bodySha, at);
    return this.send(method, path, body, { ...headers, ...auth });
  }

  private async send(method: string, path: string, body: Buffer | null, headers: Record<string, string>): Promise<unknown> {
    let answer: HttpAnswer;
    try {
      answer = await httpRequest(new URL(path, this.baseUrl), { method, headers, body, timeoutMs: this.timeoutMs, signal: this.signal });
    } catch (e) {
      throw new SyncTransientError(`network: ${(e as Error).message}`, null);
    }
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      throw new SyncTransientError(`unreadable response ${answer.status}`, answer.status);
    }
    if (answer.status >= 500 || answer.status === 408 || answer.status === 429) {
      throw new SyncTransientError(`RCOI ${answer.status}`, answer.status);
    }
    if (answer.status >= 400) {
      const reason = typeof (json as { error?: unknown })?.error === 'string' ? (json as { error: string }).error : 'refused';
      throw new SyncRefusedError(answer.status, reason);
    }
    return json;
  }
}
