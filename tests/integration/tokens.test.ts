import { createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Token, TokenProvider } from '../../native/token/token';
import { message } from '../../renderer/i18n/catalog';
import { openHarness, type Harness } from '../support/core-harness';
import { createSoftHsmStore, SOFTHSM_LIBRARY, type SoftHsmStore } from '../support/softhsm';

// The GEK member's token as a capability of the app (issue 11, item 3), through core.dispatch, against real PKCS#11
// tokens: SoftHSM2 with a private token store (tests/support/softhsm.ts). The PPE is the training one (the harness
// seeds it), with the simulated tokens switched off so that only SoftHSM's tokens are inserted.

const PIN = '246810';
const SO_PIN = '13579111';
const HEAD_PIN = '1111';

describe('GEK members’ tokens through the app (SoftHSM2)', () => {
  let store: SoftHsmStore;
  let h: Harness;
  const serials: Record<string, string> = {};
  let head = 0;
  let members: { id: number; name: string }[] = [];
  /** Runs once, right before the next C_Sign: the test pulls a token out in the middle of an operation. */
  let beforeSign: (() => void) | null = null;

  const interpose = (p: TokenProvider): TokenProvider => ({
    kind: p.kind,
    list: () => p.list(),
    close: () => p.close(),
    async open(serial) {
      const t = await p.open(serial);
      const wrapped: Token = {
        get info() {
          return t.info;
        },
        login: (pin) => t.login(pin),
        algorithms: () => t.algorithms(),
        publicKey: () => t.publicKey(),
        certificate: () => t.certificate(),
        sign: async (data) => {
          const hook = beforeSign;
          beforeSign = null;
          hook?.();
          return t.sign(data);
        },
        deriveSharedSecret: (peer) => t.deriveSharedSecret(peer),
        logout: () => t.logout(),
        close: () => t.close(),
      };
      return wrapped;
    },
  });

  beforeAll(async () => {
    store = createSoftHsmStore();
    for (const label of ['gek-a', 'gek-b', 'gone', 'spare']) {
      serials[label] = store.initToken(label, PIN, SO_PIN);
      store.generateP256(label, PIN);
    }
    h = await openHarness({
      tokens: { libraryPath: SOFTHSM_LIBRARY, env: { SOFTHSM2_CONF: join(store.dir, 'softhsm2.conf') }, simulated: false, interpose },
    });
    const staff = await h.call('x', 'auth/staffList', {});
    head = staff.find((s) => s.roleCode === 1)!.id;
    members = staff.filter((s) => s.roleCode === 5).map((s) => ({ id: s.id, name: `${s.lastName} ${s.firstName}` }));
    expect(members.length).toBeGreaterThanOrEqual(2);
    await h.signInAs('tech', 7);
  });

  afterAll(async () => {
    await h?.close();
    store?.dispose();
  });

  const journal = (action: string) =>
    h.core.db
      .prepare<[string], { payload: string }>('SELECT payload FROM journal WHERE action = ? ORDER BY seq')
      .all(action)
      .map((r) => JSON.parse(r.payload) as Record<string, unknown>);
  const allJournalText = () =>
    h.core.db
      .prepare<[], { payload: string }>('SELECT payload FROM journal')
      .all()
      .map((r) => r.payload)
      .join('\n');
  const enrol = (staffId: number, serial: string, extra: Partial<{ tokenPin: string; confirmation: { staffId: number; pin: string } | null; replace: boolean }> = {}) => ({
    staffId,
    serial,
    tokenPin: PIN,
    confirmation: { staffId: head, pin: HEAD_PIN },
    replace: false,
    ...extra,
  });

  it('lists the inserted tokens with serial, label, model and the signing algorithm the token reports', async () => {
    const overview = await h.call('tech', 'tokens/overview', {});
    expect(overview.library).toMatchObject({ path: SOFTHSM_LIBRARY, source: 'option', problem: null });
    const a = overview.tokens.find((t) => t.serial === serials['gek-a']);
    expect(a).toMatchObject({ label: 'gek-a', model: 'SoftHSM v2', simulated: false, initialized: true, algorithms: ['ECDSA-P256-SHA256'], owner: null });
    expect(overview.members.map((m) => m.staffId)).toEqual(expect.arrayContaining(members.map((m) => m.id)));
    expect(overview.heads.map((m) => m.staffId)).toContain(head);
    expect(overview.register).toEqual([]);
  });

  it('enrolment without the PPE head’s confirmation is refused and journaled; a GEK member cannot confirm', async () => {
    const member = members[0]!.id;
    expect(await h.fail('tech', 'tokens/enrol', enrol(member, serials['gek-a']!, { confirmation: null }))).toMatchObject({
      code: 'TOKEN_CONFIRMATION_REQUIRED',
    });
    expect(await h.fail('tech', 'tokens/enrol', enrol(member, serials['gek-a']!, { confirmation: { staffId: members[1]!.id, pin: '5555' } }))).toMatchObject({
      code: 'TOKEN_CONFIRMER_INVALID',
      params: { reason: 'confirmer_role' },
    });
    expect(await h.fail('tech', 'tokens/enrol', enrol(member, serials['gek-a']!, { confirmation: { staffId: member, pin: '5555' } }))).toMatchObject({
      code: 'TOKEN_CONFIRMER_INVALID',
      params: { reason: 'confirmer_is_member' },
    });
    // The head's wrong PIN is the head's sign-in refusal, counted like one; the token is not touched.
    expect(await h.fail('tech', 'tokens/enrol', enrol(member, serials['gek-a']!, { confirmation: { staffId: head, pin: '9876' } }))).toMatchObject({
      code: 'PIN_WRONG',
    });
    expect(journal('token.refused').map((p) => p.reason)).toEqual(['confirmation_required', 'confirmer_role', 'confirmer_is_member']);
    expect((await h.call('tech', 'tokens/overview', {})).register).toEqual([]);
  });

  it('enrols a token to a GEK member with the PPE head confirming; the register and the journal say so, without any PIN', async () => {
    const member = members[0]!;
    const registration = await h.call('tech', 'tokens/enrol', enrol(member.id, serials['gek-a']!));
    expect(registration).toMatchObject({
      staffId: member.id,
      serial: serials['gek-a'],
      label: 'gek-a',
      algorithm: 'ECDSA-P256-SHA256',
      source: 'enrolled',
      simulated: false,
    });
    expect(registration.keyFingerprint).toMatch(/^\d{4}( \d{4}){4}$/);
    expect(registration.confirmedBy).toMatch(/^Петров/);
    const overview = await h.call('tech', 'tokens/overview', {});
    expect(overview.register.map((r) => r.serial)).toEqual([serials['gek-a']]);
    expect(overview.tokens.find((t) => t.serial === serials['gek-a'])?.owner?.staffId).toBe(member.id);
    const [entry] = journal('token.registered');
    expect(entry).toMatchObject({ staffId: member.id, serial: serials['gek-a'], source: 'enrolled', confirmedBy: { staffId: head }, previous: null });
    expect(allJournalText()).not.toContain(PIN);
    expect(allJournalText()).not.toContain(`"${HEAD_PIN}"`);
  });

  it('«Проверить токен» signs a fresh challenge, verifies it and journals the check', async () => {
    const member = members[0]!;
    const checked = await h.call('tech', 'tokens/check', { staffId: member.id, tokenPin: PIN });
    expect(checked).toMatchObject({ serial: serials['gek-a'], algorithm: 'ECDSA-P256-SHA256' });
    expect(journal('token.checked').at(-1)).toMatchObject({ staffId: member.id, serial: serials['gek-a'], ok: true, error: null });
  });

  it('TokenService.sign returns a signature verified against the registered key', async () => {
    const member = members[0]!;
    const data = Buffer.from('Запрос ключа: ППЭ 0412, 2026-06-01');
    const signed = await h.core.tokens.sign({ staffId: member.id, name: member.name, roleCode: 5 }, member.id, PIN, data);
    expect(signed).toMatchObject({ algorithm: 'ECDSA-P256-SHA256', format: 'raw-r-s', serial: serials['gek-a'], staffId: member.id });
    const key = createPublicKey({ key: Buffer.from(signed.publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signed.signature)).toBe(true);
    expect(verify('sha256', Buffer.from('другое'), { key, dsaEncoding: 'ieee-p1363' }, signed.signature)).toBe(false);
  });

  it('a wrong PIN counts down through the service’s message, and the right one still works', async () => {
    const member = members[0]!.id;
    const lefts: number[] = [];
    for (const wrong of ['000000', '111111', '222222']) {
      const error = await h.fail('tech', 'tokens/check', { staffId: member, tokenPin: wrong });
      expect(error.code).toBe('TOKEN_PIN_WRONG');
      lefts.push(error.params.left as number);
    }
    expect(lefts).toEqual([9, 8, 7]);
    expect(message('ru', 'error.TOKEN_PIN_WRONG', { left: 7 })).toMatch(/^Неверный PIN токена\. Осталось попыток: 7\./);
    const failed = journal('token.checked').slice(-3);
    expect(failed.map((p) => (p.error as { code: string }).code)).toEqual(['TOKEN_PIN_WRONG', 'TOKEN_PIN_WRONG', 'TOKEN_PIN_WRONG']);
    expect(allJournalText()).not.toContain('111111');
    await h.call('tech', 'tokens/check', { staffId: member, tokenPin: PIN });
    // After a right PIN the count starts again.
    expect((await h.fail('tech', 'tokens/check', { staffId: member, tokenPin: '000000' })).params.left).toBe(9);
  });

  it('a token registered to another member is refused; a second token for a member needs an explicit replacement', async () => {
    const [first, second] = members;
    expect(await h.fail('tech', 'tokens/enrol', enrol(second!.id, serials['gek-a']!))).toMatchObject({ code: 'TOKEN_REGISTERED_TO_OTHER' });
    expect(await h.fail('tech', 'tokens/enrol', enrol(first!.id, serials['spare']!))).toMatchObject({ code: 'TOKEN_MEMBER_HAS_TOKEN' });
    const replaced = await h.call('tech', 'tokens/enrol', enrol(first!.id, serials['spare']!, { replace: true }));
    expect(replaced.serial).toBe(serials['spare']);
    expect(journal('token.registered').at(-1)).toMatchObject({ serial: serials['spare'], previous: { serial: serials['gek-a'] } });
    // The old row is retired, never deleted: both stay in the table.
    const rows = h.core.db.prepare<[number], { serial: string; retired: number }>(
      'SELECT serial, retired_at IS NOT NULL AS retired FROM gek_token WHERE staff_id = ? ORDER BY id',
    ).all(first!.id);
    expect(rows).toEqual([
      { serial: serials['gek-a'], retired: 1 },
      { serial: serials['spare'], retired: 0 },
    ]);
    // Now gek-a is nobody's: the second member may have it.
    await h.call('tech', 'tokens/enrol', enrol(second!.id, serials['gek-a']!));
  });

  it('a token pulled out in the middle of signing becomes a clear error, then «not inserted»', async () => {
    // The spare token (the first member's now) is deleted from SoftHSM after login, right before C_Sign.
    const member = members[0]!.id;
    beforeSign = () => store.deleteToken('spare');
    expect(await h.fail('tech', 'tokens/check', { staffId: member, tokenPin: PIN })).toMatchObject({ code: 'TOKEN_REMOVED' });
    expect(journal('token.checked').at(-1)).toMatchObject({ staffId: member, ok: false, error: { code: 'TOKEN_REMOVED' } });
    // Its token is gone; the one inserted that is registered is another member's: the message says to take one's own.
    expect(await h.fail('tech', 'tokens/check', { staffId: member, tokenPin: PIN })).toMatchObject({ code: 'TOKEN_REGISTERED_TO_OTHER' });
    // The app keeps working with the tokens still inserted.
    await h.call('tech', 'tokens/check', { staffId: members[1]!.id, tokenPin: PIN });
  });

  it('a member without a token, and a person who is not a GEK member, are refused with their own messages', async () => {
    const staff = await h.call('tech', 'auth/staffList', {});
    const organiser = staff.find((s) => s.roleCode === 2)!.id;
    expect(await h.fail('tech', 'tokens/enrol', enrol(organiser, serials['gone']!))).toMatchObject({ code: 'TOKEN_NOT_GEK_MEMBER' });
    expect(await h.fail('tech', 'tokens/check', { staffId: organiser, tokenPin: PIN })).toMatchObject({ code: 'TOKEN_NOT_REGISTERED' });
  });

  it('an organiser can neither see the tokens nor enrol one', async () => {
    await h.signInAs('organiser', 2);
    expect(await h.fail('organiser', 'tokens/overview', {})).toMatchObject({ code: 'FORBIDDEN', params: { permission: 'tokens.read' } });
    expect(await h.fail('organiser', 'tokens/enrol', enrol(members[0]!.id, serials['gone']!))).toMatchObject({
      code: 'FORBIDDEN',
      params: { permission: 'tokens.manage' },
    });
    expect(await h.fail('organiser', 'tokens/check', { staffId: members[0]!.id, tokenPin: PIN })).toMatchObject({ code: 'FORBIDDEN' });
  });
});
