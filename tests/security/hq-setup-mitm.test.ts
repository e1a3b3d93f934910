import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { request as httpsRequest, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSetupState } from '../../main/ppe/ppe-config';
import { signAnswer } from '../../main/sync/answer-signing';
import { HEADER } from '../../main/sync/request-signing';
import { SETUP_HEADER } from '../../main/stations/hq-setup-protocol';
import { NOTHING_BUT_THE_ATTEMPT, openHqSetupRig, technicianId, writtenRows, type HqSetupRig } from '../support/hq-setup-rig';

// Issue 11, item 1 (SECURITY.md, HQ set-up): RCOI's key cannot be pinned before the first contact, so the set-up is
// authenticated both ways with the one-time code (PROTOCOL.md, "Setting up an HQ station"). A man in the middle — a
// TLS endpoint the station trusts (as a school's intercepting proxy would be) in front of the real reference RCOI —
// who does not know the code: his RCOI key put into the answer is refused by the station's MAC check, and a station
// key he puts into the request is refused by RCOI's, which spends nothing.

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface Mitm {
  url: string;
  /** Rewrites the request body on its way to RCOI (the body hash header is recomputed to match). */
  alterRequest: ((body: Buffer) => Buffer) | null;
  /** Rewrites RCOI's answer on its way back, given the request as RCOI received it. */
  alterAnswer: ((answer: Answer, request: { headers: Record<string, string>; body: Buffer }) => Answer) | null;
  close(): Promise<void>;
}

let rig: HqSetupRig;
let mitm: Mitm;
const S = 'setup-window';

async function startTlsMitm(target: string): Promise<Mitm> {
  const state: Mitm = { url: '', alterRequest: null, alterAnswer: null, close: async () => {} };
  const server: Server = createServer({ key: rig.tls.key, cert: rig.tls.cert }, (req, res) => {
    const pieces: Buffer[] = [];
    req.on('data', (d: Buffer) => pieces.push(d));
    req.on('end', () => {
      let body: Buffer = Buffer.concat(pieces);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers[k] = v;
      if (state.alterRequest && body.length > 0) {
        body = state.alterRequest(body);
        headers[HEADER.bodySha256] = createHash('sha256').update(body).digest('hex');
      }
      const upstream = httpsRequest(new URL(req.url ?? '/', target), { method: req.method, headers: { ...headers, 'content-length': String(body.length) }, ca: [rig.tls.cert] }, (up) => {
        const back: Buffer[] = [];
        up.on('data', (d: Buffer) => back.push(d));
        up.on('end', () => {
          const upHeaders: Record<string, string> = {};
          for (const [k, v] of Object.entries(up.headers)) if (typeof v === 'string' && !['connection', 'content-length', 'keep-alive'].includes(k)) upHeaders[k] = v;
          let answer: Answer = { status: up.statusCode ?? 502, headers: upHeaders, body: Buffer.concat(back) };
          if (state.alterAnswer) answer = state.alterAnswer(answer, { headers, body });
          res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
          res.end(answer.body);
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

beforeAll(async () => {
  rig = await openHqSetupRig();
  mitm = await startTlsMitm(rig.server.url);
});
afterAll(async () => {
  await mitm?.close();
  await rig?.close();
});

function viaMitm(code: string) {
  return { rcoiUrl: mitm.url, ppeCode: '0412', code, kind: 'hq-main' as const };
}

const attacker = generateKeyPairSync('ed25519');
const attackerSpki = attacker.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

describe('an answer altered on the way', () => {
  it('with another RCOI key put in (and signed with it) is refused by the MAC; nothing is set up', async () => {
    mitm.alterAnswer = (answer, request) => {
      if (answer.status !== 200) return answer;
      const json = JSON.parse(answer.body.toString('utf8')) as { rcoiPublicKey: string };
      json.rcoiPublicKey = attackerSpki;
      const body = Buffer.from(JSON.stringify(json));
      // The attacker signs the altered answer with his own key, exactly as RCOI would: only the MAC can tell.
      const signature = signAnswer(
        attacker.privateKey,
        { method: 'POST', pathWithQuery: '/api/v1/setup', stationId: '', nonce: request.headers[HEADER.nonce]!, bodySha256: request.headers[HEADER.bodySha256]! },
        200,
        body,
      );
      return { status: 200, headers: { ...answer.headers, ...signature }, body };
    };
    const h = await rig.freshStation();
    try {
      const error = await h.fail(S, 'setup/headquarters', viaMitm(rig.server.createEnrolmentCode('42', '0412').code));
      expect(error).toEqual({ code: 'RCOI_ANSWER_NOT_AUTHENTIC', params: { problem: 'bad_mac' } });
      expect(readSetupState(h.core.db)).toBe('notSetUp');
      expect(writtenRows(h)).toEqual(NOTHING_BUT_THE_ATTEMPT);
      expect(h.core.db.prepare('SELECT answer FROM setup_attempt').get()).toEqual({ answer: null });
      expect((await h.fail(S, 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '2468' })).code).toBe('SETUP_NOT_ANSWERED');
    } finally {
      mitm.alterAnswer = null;
    }
  });

  it('a genuine answer with its MAC taken off is refused as well', async () => {
    mitm.alterAnswer = (answer) => {
      const headers = { ...answer.headers };
      delete headers[SETUP_HEADER.answerMac];
      return { ...answer, headers };
    };
    const h = await rig.freshStation();
    try {
      expect((await h.fail(S, 'setup/headquarters', viaMitm(rig.server.createEnrolmentCode('42', '0412').code))).code).toBe('RCOI_ANSWER_NOT_AUTHENTIC');
      expect(writtenRows(h)).toEqual(NOTHING_BUT_THE_ATTEMPT);
    } finally {
      mitm.alterAnswer = null;
    }
  });

  it('a refusal made up on the way («code used») cannot send the person off for a new code', async () => {
    mitm.alterAnswer = () => ({ status: 403, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"error":"code_used"}') });
    const h = await rig.freshStation();
    try {
      expect((await h.fail(S, 'setup/headquarters', viaMitm(rig.server.createEnrolmentCode('42', '0412').code))).code).toBe('RCOI_ANSWER_NOT_AUTHENTIC');
    } finally {
      mitm.alterAnswer = null;
    }
  });
});

describe('a request altered on the way', () => {
  it('with another station key put in is refused by RCOI; the code is not spent, and the station completes directly', async () => {
    mitm.alterRequest = (body) => {
      const json = JSON.parse(body.toString('utf8')) as { publicKey: string };
      json.publicKey = createPublicKey(attacker.privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
      return Buffer.from(JSON.stringify(json));
    };
    let rcoiSaid: Answer | null = null;
    mitm.alterAnswer = (answer) => (rcoiSaid = answer);
    const code = rig.server.createEnrolmentCode('42', '0412').code;
    const stations = rig.server.stats().stations;
    const h = await rig.freshStation();
    try {
      const error = await h.fail(S, 'setup/headquarters', viaMitm(code));
      // RCOI refused the altered request (its MAC is over the body the station sent) ...
      expect(rcoiSaid!.status).toBe(401);
      expect(JSON.parse(rcoiSaid!.body.toString('utf8'))).toMatchObject({ error: 'bad_mac' });
      // ... and its refusal, MACed over the request RCOI received, is no answer to the request the station sent.
      expect(error).toEqual({ code: 'RCOI_ANSWER_NOT_AUTHENTIC', params: { problem: 'bad_mac' } });
      expect(writtenRows(h)).toEqual(NOTHING_BUT_THE_ATTEMPT);
    } finally {
      mitm.alterRequest = null;
      mitm.alterAnswer = null;
    }
    expect(rig.server.stats().stations).toBe(stations);
    expect(rig.server.sync.stations.code(code)?.usedByStation).toBeNull();
    expect(rig.server.db.prepare('SELECT count(*) AS n FROM stations WHERE public_key = ?').get(attackerSpki)).toEqual({ n: 0 });

    // Straight to RCOI, the same code and the same (genuine) key set the station up.
    await h.call(S, 'setup/headquarters', { ...viaMitm(code), rcoiUrl: rig.server.url });
    await h.call(S, 'setup/finishHeadquarters', { staffId: technicianId(rig), pin: '2468' });
    expect(readSetupState(h.core.db)).toBe('ready');
    const pinned = h.core.db.prepare('SELECT rcoi_public_key AS key FROM ppe').get() as { key: string };
    expect(pinned.key).not.toBe(attackerSpki);
  });

  it('the code itself never travels: the request names it by an id derived from it', async () => {
    const code = rig.server.createEnrolmentCode('42', '0412').code;
    let seen = '';
    mitm.alterRequest = (body) => {
      seen = body.toString('utf8');
      return body;
    };
    const h = await rig.freshStation();
    try {
      await h.call(S, 'setup/headquarters', viaMitm(code));
    } finally {
      mitm.alterRequest = null;
    }
    expect(seen).toContain('"codeId"');
    expect(seen).not.toContain(code);
    expect(seen).not.toContain(code.replace(/-/g, ''));
  });
});
