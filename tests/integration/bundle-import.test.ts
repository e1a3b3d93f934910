import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundlePayload } from '../../main/bundles/bundle-format';
import { buildDemoBundles, loadDemoDataset } from '../rcoi-server/demo-bundles';
import { generateSigningKey, loadDemoSigningKey, signBundle } from '../rcoi-server/bundle-signer';
import { openHarness, type Harness } from '../support/core-harness';

const TODAY = '2026-06-01'; // the local date of EXAM_MORNING in the demo PPE's zone
const demoKey = loadDemoSigningKey();
let h: Harness;
let bundles: BundlePayload[];

beforeEach(async () => {
  h = await openHarness();
  await h.signInAs('head', 1);
  bundles = buildDemoBundles(loadDemoDataset(), { today: TODAY, issuedAt: new Date('2026-05-31T03:00:00Z') });
});
afterEach(() => h.close());

const socialStudies = () => structuredClone(bundles[2]!); // day +2, not seeded: arrives as a bundle
const importText = (content: string) => h.core.dispatch('head', 'bundles/import', { fileName: 'b.json', content });

/** Everything an import may touch, to prove a refused bundle changed nothing. */
function snapshot() {
  const db = h.core.db;
  const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return {
    participants: count('participant'),
    seating: count('seating'),
    conditions: count('seating_condition'),
    staff: count('staff'),
    assignments: count('staff_assignment'),
    bundles: count('distribution_bundle'),
    journal: count('journal'),
  };
}

async function expectRefused(content: string, code: string, params?: Record<string, unknown>) {
  const before = snapshot();
  const r = await importText(content);
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error.code).toBe(code);
    if (params) expect(r.error.params).toMatchObject(params);
  }
  // Nothing is written but the refusal itself, in the journal (a list for a past exam is not even that).
  const after = snapshot();
  expect({ ...after, journal: before.journal }).toEqual(before);
  if (code === 'BUNDLE_EXAM_PAST') {
    expect(after.journal).toBe(before.journal);
  } else {
    expect(after.journal - before.journal).toBe(1);
    const entry = (await h.call('head', 'journal/list', { beforeSeq: null, limit: 1 })).entries[0]!;
    expect(entry).toMatchObject({ action: 'bundle.refused', actorRoleCode: 1 });
    expect(entry.payload).toMatchObject({ fileName: 'b.json', error: { code } });
  }
}

describe('distribution bundle import', () => {
  it('imports a signed bundle for a scheduled exam, all of it, and journals it', async () => {
    const payload = socialStudies();
    const before = snapshot();
    const result = await h.call('head', 'bundles/import', { fileName: 'b.json', content: signBundle(payload, demoKey) });
    expect(result).toMatchObject({
      status: 'imported',
      examDate: '2026-06-03',
      version: 1,
      previousVersion: null,
      participants: payload.participants.length,
      staff: payload.staff.length,
      added: payload.participants.length,
      removed: 0,
      moved: 0,
    });
    const after = snapshot();
    expect(after.seating - before.seating).toBe(payload.participants.length);
    expect(after.journal - before.journal).toBe(1);
    const found = await h.call('head', 'participants/search', {
      examId: result.examId,
      query: payload.participants[0]!.lastName,
      auditoriumCode: null,
      limit: 50,
    });
    expect(found.rows.map((r) => r.externalId)).toContain(payload.participants[0]!.id);
    const entry = (await h.call('head', 'journal/list', { beforeSeq: null, limit: 1 })).entries[0]!;
    expect(entry).toMatchObject({ action: 'bundle.imported', actorRoleCode: 1 });
    expect(entry.payload).toMatchObject({ version: 1, examDate: '2026-06-03', participants: payload.participants.length });
  });

  it('is idempotent: the same file again changes nothing', async () => {
    const text = signBundle(socialStudies(), demoKey);
    await h.call('head', 'bundles/import', { fileName: 'b.json', content: text });
    const before = snapshot();
    expect((await h.call('head', 'bundles/import', { fileName: 'b.json', content: text })).status).toBe('unchanged');
    expect(snapshot()).toEqual(before);
  });

  it('updates the exam from a newer version, journals the change, and refuses going back', async () => {
    const v1 = socialStudies();
    await h.call('head', 'bundles/import', { fileName: 'v1.json', content: signBundle(v1, demoKey) });
    const v2 = structuredClone(v1);
    v2.version = 2;
    v2.bundleId = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';
    const gone = v2.participants.pop()!;
    const mover = v2.participants.find((p) => p.auditoriumCode === '0101')!;
    mover.auditoriumCode = '0102';
    mover.seat = '9Д';
    const result = await h.call('head', 'bundles/import', { fileName: 'v2.json', content: signBundle(v2, demoKey) });
    expect(result).toMatchObject({ status: 'updated', version: 2, previousVersion: 1, added: 0, removed: 1, moved: 1 });
    const rows = await h.call('head', 'participants/search', { examId: result.examId, query: '', auditoriumCode: null, limit: 500 });
    expect(rows.total).toBe(v2.participants.length);
    expect(rows.rows.find((r) => r.externalId === mover.id)).toMatchObject({ auditoriumCode: '0102', seat: '9Д' });
    expect(rows.rows.some((r) => r.externalId === gone.id)).toBe(false);
    const entry = (await h.call('head', 'journal/list', { beforeSeq: null, limit: 1 })).entries[0]!;
    expect(entry.payload).toMatchObject({ version: 2, previousVersion: 1, removed: 1, moved: 1 });

    const old = structuredClone(v1);
    old.bundleId = '2b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';
    await expectRefused(signBundle(old, demoKey), 'BUNDLE_OUTDATED', { version: 1, currentVersion: 2 });
  });

  it('refuses a file that is not JSON, or not a bundle', async () => {
    await expectRefused('{"format": "ppe-distribution-bundle", "formatVersion": 1, "payload": "abc', 'BUNDLE_MALFORMED', { reason: 'not_json' });
    await expectRefused('{"hello": "world"}', 'BUNDLE_MALFORMED', { reason: 'not_a_bundle' });
  });

  it('refuses an unsigned bundle', async () => {
    const envelope = JSON.parse(signBundle(socialStudies(), demoKey));
    delete envelope.signature;
    await expectRefused(JSON.stringify(envelope), 'BUNDLE_UNSIGNED');
  });

  it('refuses a bundle signed by another key', async () => {
    await expectRefused(signBundle(socialStudies(), generateSigningKey()), 'BUNDLE_BAD_SIGNATURE', { reason: 'unknown_key' });
  });

  it('refuses a bundle whose content was changed after signing', async () => {
    const envelope = JSON.parse(signBundle(socialStudies(), demoKey));
    const payload = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    payload.participants[0].lastName = 'Подменённый';
    envelope.payload = Buffer.from(JSON.stringify(payload)).toString('base64');
    await expectRefused(JSON.stringify(envelope), 'BUNDLE_BAD_SIGNATURE', { reason: 'mismatch' });
  });

  it('refuses a bundle for another PPE', async () => {
    const p = socialStudies();
    p.ppeCode = '0999';
    await expectRefused(signBundle(p, demoKey), 'BUNDLE_OTHER_PPE', { bundlePpe: '0999', ppe: '0412' });
  });

  it('refuses a bundle for a date or subject not on the schedule, and for a past exam', async () => {
    const p = socialStudies();
    p.exam.date = '2026-06-04';
    await expectRefused(signBundle(p, demoKey), 'BUNDLE_UNKNOWN_EXAM', { date: '2026-06-04' });
    const past = structuredClone(bundles[0]!); // day -2
    await expectRefused(signBundle(past, demoKey), 'BUNDLE_EXAM_PAST', { date: '2026-05-30' });
  });

  it('refuses content that breaks the schema, naming where', async () => {
    const p = socialStudies() as unknown as { participants: { seat: string }[] };
    p.participants[3]!.seat = 'за партой';
    await expectRefused(signBundle(p, demoKey), 'BUNDLE_INVALID_CONTENT', { path: 'participants.3.seat' });
  });

  it('refuses an unknown room, an overfull room, a seat given twice, and a person listed twice', async () => {
    const unknownRoom = socialStudies();
    unknownRoom.participants[0]!.auditoriumCode = '0404';
    await expectRefused(signBundle(unknownRoom, demoKey), 'BUNDLE_UNKNOWN_AUDITORIUM', { code: '0404' });

    const hq = socialStudies();
    hq.participants[0]!.auditoriumCode = '7777';
    await expectRefused(signBundle(hq, demoKey), 'BUNDLE_UNKNOWN_AUDITORIUM', { code: '7777' });

    const overfull = socialStudies();
    for (const [i, p] of overfull.participants.entries()) {
      p.auditoriumCode = '0103';
      p.seat = String(i + 1);
    }
    await expectRefused(signBundle(overfull, demoKey), 'BUNDLE_ROOM_OVERFULL', { code: '0103', seats: 10 });

    const twice = socialStudies();
    twice.participants[1]!.auditoriumCode = twice.participants[0]!.auditoriumCode;
    twice.participants[1]!.seat = twice.participants[0]!.seat;
    await expectRefused(signBundle(twice, demoKey), 'BUNDLE_DUPLICATE_SEAT');

    const dup = socialStudies();
    dup.participants[1]!.id = dup.participants[0]!.id;
    await expectRefused(signBundle(dup, demoKey), 'BUNDLE_DUPLICATE_PERSON');
  });

  it('keeps a PIN already issued when a bundle updates the staff member', async () => {
    const before = h.core.db.prepare<[], { pin_hash: string }>("SELECT pin_hash FROM staff WHERE role_code = 1").get()!;
    await h.call('head', 'bundles/import', { fileName: 'b.json', content: signBundle(socialStudies(), demoKey) });
    const after = h.core.db.prepare<[], { pin_hash: string }>("SELECT pin_hash FROM staff WHERE role_code = 1").get()!;
    expect(after.pin_hash).toBe(before.pin_hash);
  });
});
