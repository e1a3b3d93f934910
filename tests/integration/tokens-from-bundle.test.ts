import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundlePayload } from '../../main/bundles/bundle-format';
import { buildDemoBundles, loadDemoDataset } from '../rcoi-server/demo-bundles';
import { loadDemoSigningKey, signBundle } from '../rcoi-server/bundle-signer';
import { openHarness, type Harness } from '../support/core-harness';

// A GEK member's token public key that RCOI gives in the distribution bundle (staff[].token, bundle-format.ts) is
// registered to the member when the bundle is applied, in the same act; a newer key replaces it (journaled); a token
// on anyone but a GEK member, or a key already another member's, refuses the whole bundle.

const TODAY = '2026-06-01';
const demoKey = loadDemoSigningKey();
let h: Harness;
let bundles: BundlePayload[];

beforeEach(async () => {
  h = await openHarness({ tokens: { simulated: false } });
  await h.signInAs('head', 1);
  bundles = buildDemoBundles(loadDemoDataset(), { today: TODAY, issuedAt: new Date('2026-05-31T03:00:00Z') });
});
afterEach(() => h.close());

const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const importPayload = (payload: BundlePayload) => h.core.dispatch('head', 'bundles/import', { fileName: 'b.json', content: signBundle(payload, demoKey) });
const socialStudies = () => structuredClone(bundles[2]!);
const gekIndexes = (payload: BundlePayload) => payload.staff.flatMap((s, i) => (s.roleCode === 5 ? [i] : []));

describe('GEK members’ tokens from the distribution bundle', () => {
  it('registers the key RCOI gives to the member, with the bundle; a newer key replaces it, journaled', async () => {
    const payload = socialStudies();
    const [gek] = gekIndexes(payload);
    expect(gek).toBeDefined();
    const key = p256();
    payload.staff[gek!]!.token = { algorithm: 'ECDSA-P256-SHA256', publicKey: key, serial: null, label: null };
    const first = await importPayload(payload);
    expect(first.ok, JSON.stringify(first)).toBe(true);
    const register = (await h.call('head', 'tokens/overview', {})).register;
    expect(register).toHaveLength(1);
    expect(register[0]).toMatchObject({ source: 'bundle', serial: null, algorithm: 'ECDSA-P256-SHA256', simulated: false });

    // Version 2 with another key for the same member: the old one is retired, the journal names both.
    const v2 = structuredClone(payload);
    v2.version += 1;
    v2.bundleId = '11111111-2222-4333-8444-555555555555';
    const newKey = p256();
    v2.staff[gek!]!.token = { algorithm: 'ECDSA-P256-SHA256', publicKey: newKey, serial: '0A1B2C3D', label: 'Рутокен' };
    expect((await importPayload(v2)).ok).toBe(true);
    const after = (await h.call('head', 'tokens/overview', {})).register;
    expect(after.map((r) => r.serial)).toEqual(['0A1B2C3D']);
    const entries = h.core.db
      .prepare<[], { payload: string }>("SELECT payload FROM journal WHERE action = 'token.registered' ORDER BY seq")
      .all()
      .map((r) => JSON.parse(r.payload) as Record<string, unknown>);
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ source: 'bundle', serial: '0A1B2C3D', previous: { serial: null, keyFingerprint: register[0]!.keyFingerprint } });
    expect(h.core.db.prepare('SELECT count(*) AS n FROM gek_token').get()).toEqual({ n: 2 });
  });

  it('a token on a person who is not a GEK member refuses the bundle', async () => {
    const payload = socialStudies();
    const other = payload.staff.findIndex((s) => s.roleCode !== 5);
    payload.staff[other]!.token = { algorithm: 'ECDSA-P256-SHA256', publicKey: p256(), serial: null, label: null };
    const r = await importPayload(payload);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'BUNDLE_INVALID_CONTENT', params: { path: `staff.${other}.token` } });
    expect(h.core.db.prepare('SELECT count(*) AS n FROM gek_token').get()).toEqual({ n: 0 });
  });

  it('a key that is not a P-256 public key is invalid content', async () => {
    const payload = socialStudies();
    const [gek] = gekIndexes(payload);
    const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    payload.staff[gek!]!.token = { algorithm: 'ECDSA-P256-SHA256', publicKey: ed, serial: null, label: null };
    const r = await importPayload(payload);
    expect(r.ok ? null : r.error.code).toBe('BUNDLE_INVALID_CONTENT');
  });

  it('one key for two members refuses the whole bundle: one token, one person', async () => {
    const payload = socialStudies();
    const gek = gekIndexes(payload);
    if (gek.length < 2) {
      // The demo bundle lists one GEK member for this exam: the second is a member of this PPE by record.
      const staff = await h.call('head', 'auth/staffList', {});
      const second = staff.filter((s) => s.roleCode === 5)[1]!;
      const row = h.core.db.prepare<[number], { external_id: string }>('SELECT external_id FROM staff WHERE id = ?').get(second.id)!;
      payload.staff.push({ id: row.external_id, lastName: second.lastName, firstName: second.firstName, middleName: second.middleName ?? '', roleCode: 5, auditoriumCode: null });
      gek.push(payload.staff.length - 1);
    }
    const key = p256();
    for (const i of gek.slice(0, 2)) payload.staff[i]!.token = { algorithm: 'ECDSA-P256-SHA256', publicKey: key, serial: null, label: null };
    const r = await importPayload(payload);
    expect(r.ok ? null : r.error.code).toBe('TOKEN_REGISTERED_TO_OTHER');
    expect(h.core.db.prepare('SELECT count(*) AS n FROM gek_token').get()).toEqual({ n: 0 });
    expect(h.core.db.prepare("SELECT count(*) AS n FROM journal WHERE action = 'bundle.refused'").get()).toEqual({ n: 1 });
  });
});
