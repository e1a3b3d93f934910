import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HEADER } from '../../main/sync/request-signing';
import { setupRequestSchema, type SetupAnswer } from '../../main/stations/hq-setup-answer';
import { macMatches, SETUP_HEADER, SETUP_SCHEME, setupAnswerMac, setupRequestMac } from '../../main/stations/hq-setup-protocol';
import { HttpError, parseJson, readBody } from './http-json';
import { answerBinding, sendSignedJson } from './signed-answer';
import type { SyncServices } from './sync-services';
import { OTHER_BODY_LIMIT } from './sync-routes';
import { parseOr400 } from './sync-schemas';

/**
 * POST /api/v1/setup (PROTOCOL.md, "Setting up an HQ station"): a station that knows nothing yet asks with a one-time
 * code. The code is found by the id the station derived from it; from then on every answer carries RCOI's MAC with
 * the code's key besides the usual answer signature, so the station can tell this RCOI from anyone on the way. A
 * request whose MAC fails (another station key put in on the way) is refused and spends nothing.
 */
export async function handleSetup(services: SyncServices, answerKey: KeyObject, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req, OTHER_BODY_LIMIT, true);
  const bodySha256 = createHash('sha256').update(body).digest('hex');
  const declared = req.headers[HEADER.bodySha256];
  if (typeof declared !== 'string' || declared.toLowerCase() !== bodySha256) {
    throw new HttpError(400, `the body does not match ${HEADER.bodySha256}`, 'bad_body_hash');
  }
  const request = parseOr400(setupRequestSchema, parseJson(body, 'bad_request'));
  const binding = answerBinding(req);
  if (binding.nonce !== request.nonce) throw new HttpError(400, `${HEADER.nonce} must be the body's nonce`, 'bad_request');
  // An unknown code (or one of another PPE) has no key to MAC with: the refusal carries RCOI's signature only.
  const code = services.setups.codeById(request.codeId, request.ppeCode);
  if (!code) throw new HttpError(403, 'no such enrolment code for this PPE', 'unknown_code');

  const reply = (status: number, answer: unknown): void => {
    const bytes = Buffer.from(JSON.stringify(answer), 'utf8');
    const mac = setupAnswerMac(code.setupKey, binding.nonce, bodySha256, status, bytes);
    sendSignedJson(res, answerKey, req, status, answer, { [SETUP_HEADER.answerMac]: mac });
  };
  if (!macMatches(setupRequestMac(code.setupKey, body), req.headers[SETUP_HEADER.requestMac])) {
    return reply(401, { error: 'bad_mac', message: 'the request is not MACed with this code' });
  }
  let station;
  try {
    station = services.setups.setUp(code, request);
  } catch (error) {
    if (error instanceof HttpError) return reply(error.status, error.body);
    throw error;
  }
  const answer: SetupAnswer = {
    protocol: SETUP_SCHEME,
    stationId: station.stationId,
    stationNumber: station.stationNumber,
    kind: station.kind,
    rcoiPublicKey: createPublicKey(answerKey).export({ type: 'spki', format: 'der' }).toString('base64'),
    ppe: services.setups.ppeConfig(code.regionCode, code.ppeCode)!,
  };
  reply(200, answer);
}
