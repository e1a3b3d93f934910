import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCryptoSuite } from '../../main/crypto/crypto-suite';
import { examKeyEnvelopeSchema, type ExamKeyPayload } from '../../main/exam-keys/key-file-format';
import { KeyUnwrapError, unwrapWithToken } from '../../main/exam-keys/key-wrap';
import { askRcoiForExamKey } from '../../main/exam-keys/rcoi-key-client';
import { readExamKeyFile } from '../../main/exam-keys/read-key-file';
import { AppError } from '../../main/kernel/app-error';
import { loadDemoSigningKey, publicKeySpkiBase64 } from '../rcoi-server/bundle-signer';
import { signExamKeyFile } from '../rcoi-server/exam-key-store';
import { openExamKeyRig, type ExamKeyRig, type Member } from '../support/exam-key-rig';

// Issue 12, item 2, from an attacker's side: a key file RCOI did not sign, or signed for someone else, or whose parts
// were moved between files; a token request replayed or signed by a token RCOI never registered. Each is refused
// with its own reason, and nothing opens.

let rig: ExamKeyRig;
let k1: Member;
let kam: Member;
let stranger: Member;
const pinned = publicKeySpkiBase64(loadDemoSigningKey());
let main: { envelopeText: string; payload: ExamKeyPayload };
let kamMain: { envelopeText: string; payload: ExamKeyPayload };

beforeAll(async () => {
  rig = await openExamKeyRig([{ label: 'k-gek' }, { label: 'kam-gek' }, { label: 'stranger' }]);
  k1 = await rig.member('k-gek', 'g-101', rig.ppe.kaliningrad);
  kam = await rig.member('kam-gek', 'g-201', rig.ppe.kamchatka);
  stranger = await rig.member('stranger', 'g-999');
  rig.enrolHqFor(rig.ppe.kamchatka);
  rig.at(rig.ppe.kamchatka, '09:45');
  kamMain = await rig.ask(rig.ppe.kamchatka, kam, { kind: 'main' });
  rig.enrolHqFor(rig.ppe.kaliningrad);
  rig.at(rig.ppe.kaliningrad, '09:45');
  main = await rig.ask(rig.ppe.kaliningrad, k1, { kind: 'main' });
}, 60_000);

afterAll(async () => {
  await rig?.close();
});

const kaliningrad = () => ({ regionCode: '39', ppeCode: '0101', packageId: rig.ppe.kaliningrad.packageId });

function reason(work: () => unknown): string {
  try {
    work();
  } catch (e) {
    if (e instanceof AppError && e.code === 'EXAM_KEY_FILE_INVALID') return String(e.params.reason);
    throw e;
  }
  throw new Error('the key file was accepted');
}

const read = (text: string, expect = kaliningrad()) => readExamKeyFile(text, pinned, defaultCryptoSuite, expect);

describe('key files that are not what RCOI released for this PPE', () => {
  it('accepts the genuine file as it came', () => {
    expect(read(main.envelopeText).payload.keyId).toBe(main.payload.keyId);
  });

  it('refuses a key file signed by another key, whether it names that key or the pinned one', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = signExamKeyFile(main.payload, other);
    expect(reason(() => read(forged))).toBe('unknown_key');
    const envelope = examKeyEnvelopeSchema.parse(JSON.parse(forged));
    envelope.signature.keyId = defaultCryptoSuite.keyId(pinned);
    expect(reason(() => read(JSON.stringify(envelope)))).toBe('signature');
  });

  it('refuses a changed payload byte', () => {
    const envelope = examKeyEnvelopeSchema.parse(JSON.parse(main.envelopeText));
    const bytes = Buffer.from(envelope.payload, 'base64');
    const at = bytes.indexOf(Buffer.from('"sequence":0'));
    bytes[at + 11] = '1'.charCodeAt(0);
    expect(reason(() => read(JSON.stringify({ ...envelope, payload: bytes.toString('base64') })))).toBe('signature');
  });

  it('refuses another PPE’s key file, and this PPE’s file for another package', () => {
    expect(reason(() => read(kamMain.envelopeText))).toBe('other_ppe');
    expect(reason(() => read(main.envelopeText, { ...kaliningrad(), packageId: rig.ppe.kamchatka.packageId }))).toBe('other_package');
  });

  it('refuses what is not a key file at all, or too large', () => {
    expect(reason(() => read('not json'))).toBe('not_json');
    expect(reason(() => read(JSON.stringify({ format: 'ppe-exam-key' })))).toBe('envelope');
    expect(reason(() => read(' '.repeat(256 * 1024 + 1)))).toBe('too_large');
  });

  it('a recipient entry moved into another key file does not open (the key id is in the KEK and the GCM AAD)', async () => {
    rig.at(rig.ppe.kaliningrad, '10:00');
    const reserve = await rig.ask(rig.ppe.kaliningrad, k1, { kind: 'reserve', subjectCode: 2, roomCode: '0101', stationNumber: '010101', kits: 1 });
    const mine = main.payload.recipients.find((r) => r.tokenKey === k1.tokenKey)!;
    // The entry is genuine and opens in its own file...
    (await unwrapWithToken(mine, main.payload.keyId, k1.token)).fill(0);
    // ...but not under another file's key id, even in a file RCOI signed (a mix-up at RCOI, or a signing oracle).
    await expect(unwrapWithToken(mine, reserve.payload.keyId, k1.token)).rejects.toBeInstanceOf(KeyUnwrapError);
    const spliced = signExamKeyFile({ ...reserve.payload, recipients: [mine] }, loadDemoSigningKey());
    const read2 = read(spliced);
    await expect(unwrapWithToken(read2.payload.recipients[0]!, read2.payload.keyId, k1.token)).rejects.toBeInstanceOf(KeyUnwrapError);
    // Nor as another member's entry (the token key is in the KEK): re-labelled for Kamchatka's token, it fails too.
    await expect(unwrapWithToken({ ...mine, tokenKey: kam.tokenKey }, main.payload.keyId, k1.token)).rejects.toBeInstanceOf(KeyUnwrapError);
  });
});

describe('token requests RCOI must not honour', () => {
  it('refuses a replayed request nonce, even inside a fresh station-signed request', async () => {
    rig.at(rig.ppe.kaliningrad, '10:10');
    const p = rig.ppe.kaliningrad;
    const signed = await rig.sign(k1, rig.request(p, k1, { kind: 'main' }));
    const expectPpe = { regionCode: p.regionCode, ppeCode: p.ppeCode, packageId: p.packageId };
    expect((await askRcoiForExamKey(rig.deps(), signed, expectPpe)).envelopeText).toBe(main.envelopeText);
    await expect(askRcoiForExamKey(rig.deps(), signed, expectPpe)).rejects.toMatchObject({
      code: 'SYNC_REFUSED',
      params: { reason: 'request_replayed', status: 409 },
    });
  });

  it('refuses a request signed by a token key RCOI has not registered, under its own name or a member’s', async () => {
    const p = rig.ppe.kaliningrad;
    rig.at(p, '10:15');
    await expect(rig.ask(p, stranger, { kind: 'main' })).rejects.toMatchObject({ code: 'EXAM_KEY_NOT_REGISTERED' });
    // Claiming to be the registered member: the signature does not verify with the member's key.
    const claimed = rig.request(p, k1, { kind: 'main' });
    const signed = await rig.sign(stranger, claimed);
    await expect(askRcoiForExamKey(rig.deps(), signed, { regionCode: p.regionCode, ppeCode: p.ppeCode, packageId: p.packageId })).rejects.toMatchObject({
      code: 'EXAM_KEY_NOT_REGISTERED',
    });
    // And a genuine member's signature over other bytes than those sent.
    const genuine = await rig.sign(k1, rig.request(p, k1, { kind: 'main' }));
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(genuine.requestBytes.toString('utf8')), nonce: 'ab'.repeat(16) }));
    await expect(askRcoiForExamKey(rig.deps(), { ...genuine, requestBytes: other }, { regionCode: p.regionCode, ppeCode: p.ppeCode, packageId: p.packageId })).rejects.toMatchObject({
      code: 'EXAM_KEY_NOT_REGISTERED',
    });
  });
});
