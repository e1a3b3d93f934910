import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../kernel/app-error';
import { httpRequest, type HttpAnswer } from '../rcoi/http-request';
import { checkAnswer, type AnswerBinding } from '../sync/answer-signing';
import { HEADER } from '../sync/request-signing';
import { setupAnswerSchema, type SetupAnswer } from './hq-setup-answer';
import { macMatches, SETUP_HEADER, SETUP_SCHEME, setupAnswerMac, setupCodeId, setupRequestMac, type HqKind } from './hq-setup-protocol';

export interface SetupAsk {
  rcoiUrl: string;
  ppeCode: string;
  kind: HqKind;
  /** base64 SPKI DER of the station's Ed25519 key (the one sync_station will hold). */
  publicKey: string;
  /** The MAC key derived from the enrolment code (deriveSetupKey). */
  setupKey: Buffer;
  timeoutMs?: number;
}

const SETUP_PATH = '/api/v1/setup';
/** A PPE's configuration is some hundreds of KiB at most (rooms, staff, a season's schedule). */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** Refusals RCOI cannot MAC (it did not find the code, or could not read the request): they change nothing here. */
const UNMACED_REFUSALS = new Set(['unknown_code', 'bad_request', 'bad_body_hash', 'too_large']);

/**
 * Asks RCOI to set this station up (PROTOCOL.md, "Setting up an HQ station") and returns its answer once it is
 * proven: first RCOI's MAC with the code's key (only the holder of the code can make it, so an answer with another
 * RCOI key put in on the way fails here), then the shape, then RCOI's usual answer signature with the key the answer
 * itself carries, bound to this request's nonce and body hash. Refusals come back as the person's error codes.
 */
export async function askRcoiToSetUp(ask: SetupAsk): Promise<SetupAnswer> {
  const nonce = randomBytes(16).toString('hex');
  const body = Buffer.from(
    JSON.stringify({
      protocol: SETUP_SCHEME,
      ppeCode: ask.ppeCode,
      codeId: setupCodeId(ask.setupKey),
      kind: ask.kind,
      publicKey: ask.publicKey,
      nonce,
    }),
  );
  const bodySha256 = createHash('sha256').update(body).digest('hex');
  const binding: AnswerBinding = { method: 'POST', pathWithQuery: SETUP_PATH, stationId: '', nonce, bodySha256 };
  let answer: HttpAnswer;
  try {
    answer = await httpRequest(new URL(SETUP_PATH, ask.rcoiUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [HEADER.nonce]: nonce,
        [HEADER.bodySha256]: bodySha256,
        [SETUP_HEADER.requestMac]: setupRequestMac(ask.setupKey, body),
      },
      body,
      timeoutMs: ask.timeoutMs ?? 30_000,
      maxBytes: MAX_ANSWER_BYTES,
    });
  } catch {
    throw new AppError('RCOI_UNREACHABLE', { url: ask.rcoiUrl });
  }
  if (answer.status >= 500 || answer.status === 408 || answer.status === 429) {
    throw new AppError('RCOI_UNREACHABLE', { url: ask.rcoiUrl });
  }
  const expectedMac = setupAnswerMac(ask.setupKey, nonce, bodySha256, answer.status, answer.bytes);
  const maced = macMatches(expectedMac, answer.headers[SETUP_HEADER.answerMac]);
  const json = parse(answer.bytes);
  if (answer.status !== 200) {
    const reason = typeof (json as { error?: unknown })?.error === 'string' ? (json as { error: string }).error : 'refused';
    // A refusal that names the code must come from whoever holds it: otherwise anyone on the way could send the
    // person off for a new code. One RCOI cannot MAC (an unknown code) is shown as it is: it writes nothing.
    if (!maced && !UNMACED_REFUSALS.has(reason)) throw new AppError('RCOI_ANSWER_NOT_AUTHENTIC', { problem: 'bad_mac' });
    throw refusal(reason, ask.ppeCode);
  }
  if (!maced) throw new AppError('RCOI_ANSWER_NOT_AUTHENTIC', { problem: 'bad_mac' });
  const parsed = setupAnswerSchema.safeParse(json);
  if (!parsed.success) throw new AppError('RCOI_ANSWER_NOT_AUTHENTIC', { problem: 'answer_mismatch' });
  const setup = parsed.data;
  if (setup.ppe.ppeCode !== ask.ppeCode) throw new AppError('RCOI_ANSWER_NOT_AUTHENTIC', { problem: 'answer_mismatch' });
  // RCOI's own signature, with the key it has just given us: the same check every later answer passes (sync-client).
  const problem = checkAnswer(setup.rcoiPublicKey, binding, answer.status, answer.headers, answer.bytes);
  if (problem) throw new AppError('RCOI_ANSWER_NOT_AUTHENTIC', { problem });
  return setup;
}

function parse(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}

function refusal(reason: string, ppeCode: string): AppError {
  switch (reason) {
    case 'unknown_code':
      return new AppError('SETUP_CODE_UNKNOWN', { ppeCode });
    case 'code_used':
      return new AppError('SETUP_CODE_USED');
    case 'code_expired':
      return new AppError('SETUP_CODE_EXPIRED');
    default:
      return new AppError('SETUP_REFUSED', { reason });
  }
}
