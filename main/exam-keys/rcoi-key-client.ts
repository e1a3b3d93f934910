import { AppError } from '../kernel/app-error';
import type { CoreContext } from '../kernel/context';
import { defaultCryptoSuite, type CryptoSuite } from '../crypto/crypto-suite';
import { readPpeConfig } from '../ppe/ppe-config';
import { usableRcoiUrl } from '../rcoi/rcoi-url';
import { loadCredentials } from '../sync/credentials';
import type { KeyProtector } from '../sync/key-store';
import { SyncAnswerNotAuthenticError, SyncClient, SyncRefusedError, SyncTransientError } from '../sync/sync-client';
import { EXAM_KEY_FILE_MAX_BYTES, examKeyRequestSchema, type ExamKeyPayload, type ExamKeyRequest } from './key-file-format';
import { readExamKeyFile } from './read-key-file';

export interface RcoiKeyClientDeps extends Pick<CoreContext, 'db' | 'clock'> {
  /** Unseals this station's sync key (the request is station-signed like every sync request). */
  keys: KeyProtector;
  crypto?: CryptoSuite;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The key file travels as a JSON string inside RCOI's signed answer; the answer is a little more than the file. */
const MAX_ANSWER_BYTES = 2 * EXAM_KEY_FILE_MAX_BYTES + 4096;
/** RCOI opens the key at this local time of the PPE (PROTOCOL.md «Exam key»); said if RCOI's refusal does not. */
const OPENS_AT = '09:30';

/**
 * Asks RCOI for the key to the exam materials (PROTOCOL.md, «Exam key») with a request the GEK member's token has
 * signed (key-request.ts gives the bytes). The HTTP request is signed with this station's sync key and RCOI's answer
 * must carry RCOI's signature bound to it (SyncClient, as every sync call); the key file inside is then verified on
 * its own (readExamKeyFile: RCOI's signature over the payload, this PPE, this package) and must be what was asked:
 * a main key, a reserve key for this grant, or the key id asked again. RCOI's refusals become the person's codes.
 * Nothing is recorded here: the caller records the verified file in its own act (key-store.ts).
 */
export async function askRcoiForExamKey(
  deps: RcoiKeyClientDeps,
  signed: { requestBytes: Buffer; tokenSignature: Buffer },
  expect: { regionCode: string; ppeCode: string; packageId: string },
): Promise<{ envelopeText: string; payload: ExamKeyPayload }> {
  const request = parseRequest(signed.requestBytes);
  const ppe = readPpeConfig(deps.db);
  const url = usableRcoiUrl(ppe);
  const creds = loadCredentials(deps, deps.keys);
  if (creds === null) throw new AppError('SYNC_NOT_ENROLLED');
  const client = new SyncClient(url, ppe.rcoiPublicKey, () => deps.clock.now(), deps.timeoutMs ?? 30_000, deps.signal);
  const body = Buffer.from(
    JSON.stringify({ request: signed.requestBytes.toString('base64'), tokenSignature: signed.tokenSignature.toString('base64') }),
    'utf8',
  );
  let keyFile: string;
  try {
    // RCOI's clock decides 09:30 and the request's freshness: sign the station's request by it, not by ours.
    await client.time();
    keyFile = (await client.examKey(creds, body, MAX_ANSWER_BYTES)).keyFile;
  } catch (e) {
    throw asAppError(e, url, request);
  }
  const key = readExamKeyFile(keyFile, ppe.rcoiPublicKey, deps.crypto ?? defaultCryptoSuite, expect);
  if (!answersAsk(key.payload, request)) throw new AppError('RCOI_ANSWER_NOT_AUTHENTIC', { problem: 'answer_mismatch' });
  return key;
}

function parseRequest(bytes: Buffer): ExamKeyRequest {
  try {
    return examKeyRequestSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    // The caller built the bytes (examKeyRequestBytes): a request that does not parse is a fault here, not RCOI's.
    throw new AppError('INTERNAL', { detail: 'exam key request does not parse' });
  }
}

/** The key file is the one this request asked for (RCOI's signature already binds the answer to the request). */
function answersAsk(p: ExamKeyPayload, r: ExamKeyRequest): boolean {
  if (p.packageId !== r.packageId || p.exam.date !== r.examDate) return false;
  switch (r.ask.kind) {
    case 'main':
      return p.kind === 'main';
    case 'reserve': {
      const own = p.reserve.find((g) => g.sequence === p.sequence);
      return p.kind === 'reserve' && p.exam.subjectCode === r.ask.subjectCode && own !== undefined &&
        own.roomCode === r.ask.roomCode && own.stationNumber === r.ask.stationNumber && own.kits === r.ask.kits;
    }
    case 'again':
      return p.keyId === r.ask.keyId;
  }
}

function asAppError(e: unknown, url: string, request: ExamKeyRequest): unknown {
  if (e instanceof AppError) return e;
  if (e instanceof SyncRefusedError) {
    switch (e.reason) {
      case 'too_early':
        return new AppError('EXAM_KEY_TOO_EARLY', { opensAt: typeof e.answer.opensAt === 'string' ? e.answer.opensAt : OPENS_AT });
      case 'not_exam_day':
        return new AppError('EXAM_KEY_NOT_EXAM_DAY', { date: request.examDate });
      case 'other_ppe':
        return new AppError('EXAM_KEY_OTHER_PPE');
      case 'not_registered':
        return new AppError('EXAM_KEY_NOT_REGISTERED');
      case 'no_package':
        return new AppError('EXAM_KEY_NO_PACKAGE');
      case 'reserve_exhausted':
        return new AppError('EXAM_KEY_RESERVE_EXHAUSTED', { left: Number.isSafeInteger(e.answer.left) ? (e.answer.left as number) : 0 });
      case 'unknown_key':
        return new AppError('EXAM_KEY_UNKNOWN');
      case 'unknown_station':
        return new AppError('SYNC_NOT_ENROLLED');
      default:
        // A replayed token request, a malformed one, a bad token signature: RCOI's reason is for the hotline.
        return new AppError('SYNC_REFUSED', { reason: e.reason, status: e.status });
    }
  }
  if (e instanceof SyncAnswerNotAuthenticError) return new AppError('RCOI_ANSWER_NOT_AUTHENTIC', { problem: e.problem });
  if (e instanceof SyncTransientError) {
    return e.status === null ? new AppError('RCOI_UNREACHABLE', { url }) : new AppError('RCOI_BAD_RESPONSE', { status: e.status });
  }
  return e;
}
