import { createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyUnwrapError, unwrapWithToken } from '../../main/exam-keys/key-wrap';
import type { ExamKeyPayload } from '../../main/exam-keys/key-file-format';
import { readKitPacks } from '../../main/kits/read-kit-packs';
import type { KitContent } from '../../main/kits/kit-content';
import { TokenError } from '../../native/token/token-error';
import { EXAM_DATE, openExamKeyRig, PIN, type ExamKeyRig, type Member, type PpeFixture } from '../support/exam-key-rig';

// Issue 12, items 2 and 8: the key to the exam materials, released by the reference RCOI at 09:30 in the PPE's own
// zone to a GEK member registered for that PPE and date, wrapped to the members' tokens (SoftHSM2, ECDH on the
// token) — and useless without one. Real server on loopback, real HQ core, real tokens; the server's clock is moved.

let rig: ExamKeyRig;
let k1: Member; // Kaliningrad's GEK members
let k2: Member;
let kam: Member; // Kamchatka's
let stranger: Member; // a token RCOI never registered

beforeAll(async () => {
  rig = await openExamKeyRig([
    { label: 'k-gek1' }, { label: 'k-gek2' }, { label: 'kam-gek' }, { label: 'stranger' },
    { label: 'no-login' }, { label: 'sign-only', derive: false },
  ]);
  k1 = await rig.member('k-gek1', 'g-101', rig.ppe.kaliningrad);
  k2 = await rig.member('k-gek2', 'g-102', rig.ppe.kaliningrad);
  kam = await rig.member('kam-gek', 'g-201', rig.ppe.kamchatka);
  stranger = await rig.member('stranger', 'g-999');
}, 60_000);

afterAll(async () => {
  await rig?.close();
});

async function openPacks(p: PpeFixture, key: Buffer): Promise<KitContent[]> {
  const kits: KitContent[] = [];
  for await (const pack of readKitPacks(p.folder, p.manifest, key)) kits.push(...pack.kits);
  return kits;
}

async function unwrapFor(member: Member, payload: ExamKeyPayload): Promise<Buffer> {
  const entry = payload.recipients.find((r) => r.tokenKey === member.tokenKey);
  if (!entry) throw new Error(`${member.staffId} is not a recipient`);
  return unwrapWithToken(entry, payload.keyId, member.token);
}

describe('ECDH on the token (CKM_ECDH1_DERIVE)', () => {
  it('a SoftHSM token derives the same secret as node’s ECDH with its public key', async () => {
    const peer = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const z = await k1.token.deriveSharedSecret(Buffer.from(peer.publicKey.export({ format: 'der', type: 'spki' })));
    const expected = diffieHellman({ privateKey: peer.privateKey, publicKey: createPublicKey({ key: k1.pub.spkiDer, format: 'der', type: 'spki' }) });
    expect(z).toHaveLength(32);
    expect(z.equals(expected)).toBe(true);
    // No derived secret stays on the token: the session key is destroyed after reading it.
    const again = await k1.token.deriveSharedSecret(Buffer.from(peer.publicKey.export({ format: 'der', type: 'spki' })));
    expect(again.equals(expected)).toBe(true);
  });

  it('refuses before login, a key pair without CKA_DERIVE, and a peer key that is not P-256', async () => {
    const peer = Buffer.from(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' }));
    const fresh = await rig.provider.open(rig.serial('no-login'));
    await expect(fresh.deriveSharedSecret(peer)).rejects.toMatchObject({ code: 'NOT_LOGGED_IN' });
    await fresh.close();

    const token = await rig.provider.open(rig.serial('sign-only'));
    await token.login(PIN);
    const refused = await token.deriveSharedSecret(peer).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TokenError);
    expect(refused).toMatchObject({ code: 'NO_MECHANISM' });
    const secp384 = Buffer.from(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'der', type: 'spki' }));
    await expect(k1.token.deriveSharedSecret(secp384)).rejects.toMatchObject({ code: 'FAILED', detail: 'peer key is not P-256' });
    await expect(k1.token.deriveSharedSecret(Buffer.from('not a key'))).rejects.toMatchObject({ code: 'FAILED' });
    await token.close();
  });
});

describe.each([
  ['Europe/Kaliningrad', 'kaliningrad', '2026-06-15T07:29:00.000Z'],
  ['Asia/Kamchatka', 'kamchatka', '2026-06-14T21:29:00.000Z'],
] as const)('the key for a PPE in %s', (_zone, which, utcAt0929) => {
  it('is refused at 09:29 local time and released at 09:30; the member’s token unwraps it and it opens the packs', async () => {
    const p = rig.ppe[which];
    const member = which === 'kaliningrad' ? k1 : kam;
    rig.enrolHqFor(p);
    rig.at(p, '09:29');
    expect(rig.clock.now().toISOString()).toBe(utcAt0929);
    await expect(rig.ask(p, member, { kind: 'main' })).rejects.toMatchObject({ code: 'EXAM_KEY_TOO_EARLY', params: { opensAt: '09:30' } });
    // 59.999 seconds later it is still 09:29.
    rig.clock.advance(59_999);
    await expect(rig.ask(p, member, { kind: 'main' })).rejects.toMatchObject({ code: 'EXAM_KEY_TOO_EARLY' });

    rig.at(p, '09:30');
    const { envelopeText, payload } = await rig.ask(p, member, { kind: 'main' });
    expect(payload).toMatchObject({
      kind: 'main', sequence: 0, regionCode: p.regionCode, ppeCode: p.ppeCode, packageId: p.packageId,
      exam: { date: EXAM_DATE, subjectCode: 2, form: 'EGE', dayKind: 'main' },
      packageKeyId: p.manifest.encryption.keyId, reserve: [],
      requestedBy: { staffId: member.staffId, tokenKey: member.tokenKey },
    });
    expect(envelopeText).toContain('"format": "ppe-exam-key"');
    // Every GEK member registered for that PPE and date is a recipient, nobody else.
    const expected = which === 'kaliningrad' ? [k1, k2] : [kam];
    expect(payload.recipients.map((r) => [r.staffId, r.tokenKey, r.tokenSerial])).toEqual(expected.map((m) => [m.staffId, m.tokenKey, m.serial]));

    const key = await unwrapFor(member, payload);
    const kits = await openPacks(p, key);
    expect(kits.map((k) => k.index)).toEqual(Array.from({ length: p.roomKits + p.reserveKits }, (_, i) => i + 1));
    if (which === 'kaliningrad') {
      // The other member's token opens the same key.
      expect((await unwrapFor(k2, payload)).equals(key)).toBe(true);
    }
    key.fill(0);
  });
});

describe('refusals', () => {
  it('refuses another PPE’s station: EXAM_KEY_OTHER_PPE', async () => {
    const p = rig.ppe.kaliningrad;
    rig.at(p, '10:00');
    rig.enrolHqFor(rig.ppe.kamchatka);
    await expect(rig.ask(p, k1, { kind: 'main' })).rejects.toMatchObject({ code: 'EXAM_KEY_OTHER_PPE' });
    rig.enrolHqFor(p);
  });

  it('refuses a GEK member not registered for this PPE and date: EXAM_KEY_NOT_REGISTERED', async () => {
    const p = rig.ppe.kaliningrad;
    rig.at(p, '10:00');
    rig.enrolHqFor(p);
    await expect(rig.ask(p, stranger, { kind: 'main' })).rejects.toMatchObject({ code: 'EXAM_KEY_NOT_REGISTERED' });
    // Kamchatka's member is registered — for Kamchatka, not for Kaliningrad.
    await expect(rig.ask(p, kam, { kind: 'main' })).rejects.toMatchObject({ code: 'EXAM_KEY_NOT_REGISTERED' });
  });

  it('refuses on another day in the PPE’s zone: EXAM_KEY_NOT_EXAM_DAY', async () => {
    const p = rig.ppe.kaliningrad;
    rig.enrolHqFor(p);
    rig.at(p, '10:00', '2026-06-16');
    await expect(rig.ask(p, k1, { kind: 'main' })).rejects.toMatchObject({ code: 'EXAM_KEY_NOT_EXAM_DAY', params: { date: EXAM_DATE } });
    rig.at(p, '10:00', '2026-06-14');
    await expect(rig.ask(p, k1, { kind: 'main' })).rejects.toMatchObject({ code: 'EXAM_KEY_NOT_EXAM_DAY' });
  });

  it('refuses a package that is not this PPE’s: EXAM_KEY_NO_PACKAGE', async () => {
    const p = rig.ppe.kaliningrad;
    rig.enrolHqFor(p);
    rig.at(p, '10:00');
    await expect(rig.ask(p, k1, { kind: 'main' }, { packageId: rig.ppe.kamchatka.packageId })).rejects.toMatchObject({ code: 'EXAM_KEY_NO_PACKAGE' });
  });
});

describe('a key without the token opens nothing', () => {
  it('a token that is not a recipient cannot unwrap it, nor can a software key, nor a token before login', async () => {
    const p = rig.ppe.kaliningrad;
    rig.enrolHqFor(p);
    rig.at(p, '10:05');
    const { payload } = await rig.ask(p, k1, { kind: 'main' });
    expect(payload.recipients.some((r) => r.tokenKey === stranger.tokenKey)).toBe(false);
    // The stranger's token tries a member's entry: its ECDH gives another secret, the GCM tag fails.
    const entry = payload.recipients[0]!;
    await expect(unwrapWithToken(entry, payload.keyId, stranger.token)).rejects.toBeInstanceOf(KeyUnwrapError);
    // Someone with the file and no token at all: any key of their own derives another secret.
    const own = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const software = {
      deriveSharedSecret: async (peer: Buffer) =>
        diffieHellman({ privateKey: own.privateKey, publicKey: createPublicKey({ key: peer, format: 'der', type: 'spki' }) }),
    };
    await expect(unwrapWithToken(entry, payload.keyId, software)).rejects.toBeInstanceOf(KeyUnwrapError);
    // The member's own token, but nobody typed the PIN: the token does not derive.
    const unlocked = await rig.provider.open(k1.serial);
    await unlocked.logout();
    await expect(unwrapWithToken(entry, payload.keyId, unlocked)).rejects.toMatchObject({ code: 'NOT_LOGGED_IN' });
    await unlocked.close();
    // Logging out ends the login of every session of the token (PKCS#11): k1's own session logs in again; its key
    // handle, dead since that logout, is looked up anew (no need to reopen the session).
    await k1.token.login(PIN);
    (await unwrapWithToken(payload.recipients.find((r) => r.tokenKey === k1.tokenKey)!, payload.keyId, k1.token)).fill(0);
  });
});

describe('reserve keys and a key fetched again', () => {
  it('grants disjoint reserve kits in sequence, carries every grant, refuses when exhausted, and returns a key again byte for byte', async () => {
    const p = rig.ppe.kaliningrad;
    rig.enrolHqFor(p);
    rig.at(p, '10:20');
    const main = await rig.ask(p, k1, { kind: 'main' });
    const first = await rig.ask(p, k1, { kind: 'reserve', subjectCode: 2, roomCode: '0101', stationNumber: '010101', kits: 2 });
    const second = await rig.ask(p, k2, { kind: 'reserve', subjectCode: 2, roomCode: '0102', stationNumber: '010102', kits: 3 });
    expect([first.payload.kind, first.payload.sequence]).toEqual(['reserve', 1]);
    expect([second.payload.kind, second.payload.sequence]).toEqual(['reserve', 2]);
    expect(first.payload.reserve).toHaveLength(1);
    expect(second.payload.reserve).toHaveLength(2);
    expect(second.payload.reserve[0]).toEqual(first.payload.reserve[0]);
    expect(second.payload.reserve[1]).toMatchObject({ sequence: 2, roomCode: '0102', stationNumber: '010102', kits: 3 });
    const a = second.payload.reserve[0]!.kitIndices;
    const b = second.payload.reserve[1]!.kitIndices;
    expect(a).toHaveLength(2);
    expect(b).toHaveLength(3);
    expect(a.filter((i) => b.includes(i))).toEqual([]);
    for (const i of [...a, ...b]) {
      expect(i).toBeGreaterThan(p.roomKits);
      expect(i).toBeLessThanOrEqual(p.roomKits + p.reserveKits);
    }
    // The reserve key opens the same package (and its reserve kits are among the kits opened).
    const key = await unwrapFor(k2, second.payload);
    const reserveKits = (await openPacks(p, key)).filter((k) => b.includes(k.index));
    expect(reserveKits.map((k) => k.index)).toEqual(b);

    // 6 reserve kits, 5 granted: 2 more cannot be had; the refusal says how many are left.
    await expect(rig.ask(p, k1, { kind: 'reserve', subjectCode: 2, roomCode: '0101', stationNumber: '010101', kits: 2 })).rejects.toMatchObject({
      code: 'EXAM_KEY_RESERVE_EXHAUSTED',
      params: { left: 1 },
    });
    // Another subject's reserve is not in this package.
    await expect(rig.ask(p, k1, { kind: 'reserve', subjectCode: 1, roomCode: '0101', stationNumber: '010101', kits: 1 })).rejects.toMatchObject({
      code: 'SYNC_REFUSED',
      params: { reason: 'other_subject' },
    });

    // Fetched again: the same files, byte for byte, whoever of the PPE's members asks.
    const again = await rig.ask(p, k2, { kind: 'again', keyId: first.payload.keyId });
    expect(again.envelopeText).toBe(first.envelopeText);
    const mainAgain = await rig.ask(p, k1, { kind: 'main' });
    expect(mainAgain.envelopeText).toBe(main.envelopeText);
    await expect(rig.ask(p, k1, { kind: 'again', keyId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'EXAM_KEY_UNKNOWN' });
    // Another PPE's key id is unknown here.
    rig.enrolHqFor(rig.ppe.kamchatka);
    rig.at(rig.ppe.kamchatka, '10:20');
    await expect(rig.ask(rig.ppe.kamchatka, kam, { kind: 'again', keyId: first.payload.keyId })).rejects.toMatchObject({ code: 'EXAM_KEY_UNKNOWN' });
  });
});
