import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { hashPin } from '../auth/pin-hash';
import { defaultCryptoSuite } from '../crypto/crypto-suite';
import { inTransaction } from '../db/open-database';
import { PIN_PATTERN } from '../ipc/shared-rules';
import { AppError, isAppError } from '../kernel/app-error';
import { SYSTEM_ACTOR, type CoreContext } from '../kernel/context';
import { act } from '../kernel/unit-of-work';
import { isTrivialPin } from '../auth/pin-policy';
import { isDemoKey } from '../ppe/demo-keys';
import { readSetupState } from '../ppe/ppe-config';
import { rcoiUrlRefusal } from '../rcoi/rcoi-url';
import type { KeyProtector } from '../sync/key-store';
import { setupAnswerSchema, type SetupAnswer } from './hq-setup-answer';
import { askRcoiToSetUp } from './hq-setup-client';
import { deriveSetupKey, normaliseEnrolmentCode, type HqKind } from './hq-setup-protocol';
import { ensureStationKeys, stationFingerprint } from './station-keys';

/**
 * The first start of a real HQ station (issue 11, item 1): the technical specialist types RCOI's address, the PPE
 * code and the one-time enrolment code; the station asks RCOI (hq-setup-client.ts), and once the answer is proven
 * the person picks themselves from the technical specialists RCOI named and sets their PIN. Then ONE act writes the
 * whole exam point and this station, enrolled, so the sync worker starts pulling RCOI's feed at once.
 *
 * Crash-safe like enrolment (sync/credentials.ts): the key pair is stored in `setup_attempt` before RCOI is asked, so
 * a retry with the same code sends the same key and RCOI answers the same station; another code starts afresh.
 * Until the final act the station is 'notSetUp' and holds nothing but the attempt row and the journal's refusals.
 */

export interface HqSetupRequest {
  rcoiUrl: string;
  ppeCode: string;
  /** As typed: upper or lower case, spaces and dashes tolerated. */
  code: string;
  kind: HqKind;
}

/** What RCOI said, for the person to check before choosing who signs in first. */
export interface HqSetupOffer {
  ppe: { regionCode: string; regionName: string; code: string; name: string; address: string; timeZone: string };
  stationNumber: string;
  kind: HqKind;
  rooms: number;
  exams: number;
  /** The technical specialists RCOI named: one of them sets a PIN and signs in first. */
  technicians: { id: string; name: string }[];
  /** The PPE head(s) RCOI named: one, if at the station, may set their own PIN in the same set-up. */
  heads: { id: string; name: string }[];
}

/** Who signs in first: the technical specialist who set the station up, and the PPE head if they are there. */
export interface HqSetupChoice {
  staffId: string;
  pin: string;
  /**
   * The PPE head's own PIN, typed by the head. Optional, but a head's PIN is otherwise issued only with a second
   * person confirming (auth/pin-issuance.ts), which a PPE with one technical specialist does not have on day one.
   */
  head?: { staffId: string; pin: string } | null;
}

export interface HqSetupDone extends HqSetupOffer {
  /** This station's transfer-key fingerprint (station-keys.ts): what room stations compare when they pin HQ. */
  fingerprint: string;
  rcoiKeyId: string;
  /** The staff row of the person who set the PIN: they sign in with it. */
  staffId: number;
}

interface AttemptRow {
  enrolment_code: string;
  ppe_code: string;
  rcoi_url: string;
  kind: HqKind;
  public_key: string;
  private_key_sealed: string;
  answer: string | null;
}

function attemptRow(ctx: CoreContext): AttemptRow | undefined {
  return ctx.db.prepare<[], AttemptRow>('SELECT * FROM setup_attempt WHERE id = 1').get();
}

/** Only a station that is not set up may be set up; a real one pinning the demo key is told why it cannot run. */
function assertNotSetUp(ctx: CoreContext): void {
  const state = readSetupState(ctx.db);
  if (state === 'demoKeyRefused') throw new AppError('DEMO_KEY_OUTSIDE_TRAINING');
  if (state !== 'notSetUp') throw new AppError('STATION_ALREADY_SET_UP');
}

/** RCOI's address under the HTTPS rule for a real PPE (rcoi-url.ts): plain HTTP is never allowed here. */
export function setupRcoiUrl(typed: string): string {
  const url = typed.trim();
  const refusal = rcoiUrlRefusal(url, false);
  if (refusal === 'insecure') throw new AppError('RCOI_URL_INSECURE', { url });
  if (refusal === 'malformed') throw new AppError('RCOI_NOT_CONFIGURED', { url });
  return new URL(url).origin;
}

/**
 * Writes the attempt before RCOI is asked: the same code keeps its key (so RCOI answers the same station), another
 * code gets a new key pair. Returns the row as stored.
 */
export function prepareAttempt(ctx: CoreContext, keys: KeyProtector, request: { code: string; ppeCode: string; rcoiUrl: string; kind: HqKind }): AttemptRow {
  inTransaction(ctx.db, () => {
    const before = attemptRow(ctx);
    if (before && before.enrolment_code === request.code) {
      ctx.db
        .prepare('UPDATE setup_attempt SET ppe_code = ?, rcoi_url = ?, kind = ?, answer = NULL, answered_at = NULL WHERE id = 1')
        .run(request.ppeCode, request.rcoiUrl, request.kind);
      return;
    }
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    ctx.db
      .prepare(
        `INSERT INTO setup_attempt (id, enrolment_code, ppe_code, rcoi_url, kind, public_key, private_key_sealed, created_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET enrolment_code = excluded.enrolment_code, ppe_code = excluded.ppe_code,
           rcoi_url = excluded.rcoi_url, kind = excluded.kind, public_key = excluded.public_key,
           private_key_sealed = excluded.private_key_sealed, created_at = excluded.created_at,
           answer = NULL, answered_at = NULL, last_error = NULL`,
      )
      .run(
        request.code,
        request.ppeCode,
        request.rcoiUrl,
        request.kind,
        publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        keys.seal(privateKey.export({ type: 'pkcs8', format: 'der' })),
        ctx.clock.now().toISOString(),
      );
  });
  return attemptRow(ctx)!;
}

/**
 * Step 1: ask RCOI with the enrolment code. Returns what RCOI said of the PPE; writes only the attempt row (with the
 * checked answer) — or, if RCOI gave no answer, the refusal in the row and in the journal.
 */
export async function setUpHeadquarters(ctx: CoreContext, keys: KeyProtector, request: HqSetupRequest): Promise<HqSetupOffer> {
  assertNotSetUp(ctx);
  const code = normaliseEnrolmentCode(request.code);
  if (!code) throw new AppError('SETUP_CODE_MALFORMED');
  if (!/^\d{4}$/.test(request.ppeCode)) throw new AppError('VALIDATION_FAILED', { path: 'ppeCode', detail: '4 digits' });
  const rcoiUrl = setupRcoiUrl(request.rcoiUrl);
  const attempt = prepareAttempt(ctx, keys, { code, ppeCode: request.ppeCode, rcoiUrl, kind: request.kind });
  let answer: SetupAnswer;
  try {
    answer = await askRcoiToSetUp({
      rcoiUrl,
      ppeCode: request.ppeCode,
      kind: request.kind,
      publicKey: attempt.public_key,
      setupKey: await deriveSetupKey(code, request.ppeCode),
    });
    // The demo key's private half is public: a real station never pins it, whoever offers it.
    if (isDemoKey(answer.rcoiPublicKey)) throw new AppError('DEMO_KEY_OUTSIDE_TRAINING');
  } catch (e) {
    if (isAppError(e)) noteRefusal(ctx, request, e);
    throw e;
  }
  ctx.db
    .prepare('UPDATE setup_attempt SET answer = ?, answered_at = ?, last_error = NULL WHERE id = 1')
    .run(JSON.stringify(answer), ctx.clock.now().toISOString());
  return offerOf(answer);
}

function noteRefusal(ctx: CoreContext, request: HqSetupRequest, error: AppError): void {
  const payload = error.toPayload();
  act(ctx, SYSTEM_ACTOR, (work) => {
    work.db.prepare('UPDATE setup_attempt SET last_error = ? WHERE id = 1').run(JSON.stringify(payload));
    work.record('station.hq_set_up_refused', { ppeCode: request.ppeCode, kind: request.kind, error: payload });
  });
}

function offerOf(answer: SetupAnswer): HqSetupOffer {
  const p = answer.ppe;
  return {
    ppe: { regionCode: p.regionCode, regionName: p.regionName, code: p.ppeCode, name: p.name, address: p.address, timeZone: p.timeZone },
    stationNumber: answer.stationNumber,
    kind: answer.kind,
    rooms: p.auditoriums.filter((a) => !a.isHeadquarters).length,
    exams: p.exams.length,
    technicians: p.staff.filter((s) => s.roleCode === 7).map((s) => ({ id: s.id, name: personName(s) })),
    heads: p.staff.filter((s) => s.roleCode === 1).map((s) => ({ id: s.id, name: personName(s) })),
  };
}

function personName(s: { lastName: string; firstName: string; middleName: string }): string {
  return [s.lastName, s.firstName, s.middleName].filter((x) => x !== '').join(' ');
}

/**
 * Step 2: the technical specialist who set the station up chooses their own PIN, and ONE act writes the exam point
 * (region, PPE with RCOI's key and address, rooms, permanent staff, schedule), this station (its row, its number,
 * its RCOI credentials already enrolled, its transfer keys) and the journal entry. Before it commits the station is
 * still 'notSetUp'; after it, the caller starts the background work (app-core.ts).
 */
export async function finishHeadquarters(
  ctx: CoreContext,
  keys: KeyProtector,
  choice: HqSetupChoice,
): Promise<HqSetupDone> {
  assertNotSetUp(ctx);
  const attempt = attemptRow(ctx);
  if (!attempt?.answer) throw new AppError('SETUP_NOT_ANSWERED');
  // Checked when it came; read back through the same schema, so nothing unproven reaches the tables.
  const answer = setupAnswerSchema.parse(JSON.parse(attempt.answer));
  const person = answer.ppe.staff.find((s) => s.id === choice.staffId && s.roleCode === 7);
  if (!person) throw new AppError('STAFF_NOT_FOUND', { staffId: 0 });
  const head = choice.head ? answer.ppe.staff.find((s) => s.id === choice.head!.staffId && s.roleCode === 1) : undefined;
  if (choice.head && !head) throw new AppError('STAFF_NOT_FOUND', { staffId: 0 });
  for (const pin of [choice.pin, ...(choice.head ? [choice.head.pin] : [])]) {
    if (!PIN_PATTERN.test(pin)) throw new AppError('PIN_FORMAT');
    if (isTrivialPin(pin)) throw new AppError('PIN_TOO_SIMPLE');
  }
  const pinHash = await hashPin(choice.pin);
  const headPinHash = choice.head ? await hashPin(choice.head.pin) : null;
  // The sealed key must open here, or the station would be set up with credentials it cannot use.
  createPrivateKey({ key: keys.unseal(attempt.private_key_sealed), format: 'der', type: 'pkcs8' });
  const rcoiKeyId = defaultCryptoSuite.keyId(answer.rcoiPublicKey);
  const p = answer.ppe;
  const hq = p.auditoriums.find((a) => a.isHeadquarters)!;
  return act(ctx, SYSTEM_ACTOR, (work) => {
    const db = work.db;
    if (db.prepare('SELECT 1 FROM ppe').get() !== undefined) throw new AppError('STATION_ALREADY_SET_UP');
    db.prepare('INSERT INTO region (code, name) VALUES (?, ?)').run(p.regionCode, p.regionName);
    db.prepare(
      `INSERT INTO ppe (id, region_code, code, name, address, time_zone, rcoi_public_key, rcoi_url, training_mode)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, 0)`,
    ).run(p.regionCode, p.ppeCode, p.name, p.address, p.timeZone, answer.rcoiPublicKey, attempt.rcoi_url);
    const insertRoom = db.prepare('INSERT INTO auditorium (code, name, seats, is_headquarters, special_conditions) VALUES (?, ?, ?, ?, ?)');
    for (const a of p.auditoriums) insertRoom.run(a.code, a.name, a.seats, a.isHeadquarters ? 1 : 0, a.specialConditions ? 1 : 0);
    const insertStaff = db.prepare<[string, string, string, string, number, string | null], { id: number }>(
      `INSERT INTO staff (external_id, last_name, first_name, middle_name, role_code, pin_hash) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
    );
    let staffId = 0;
    let headStaffId: number | null = null;
    for (const s of p.staff) {
      const pin = s === person ? pinHash : s === head ? headPinHash : null;
      const row = insertStaff.get(s.id, s.lastName, s.firstName, s.middleName, s.roleCode, pin)!;
      if (s === person) staffId = row.id;
      if (s === head) headStaffId = row.id;
    }
    const insertExam = db.prepare(
      `INSERT INTO exam (exam_date, subject_code, subject_name, form, period, day_kind, duration_min) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const e of p.exams) insertExam.run(e.date, e.subjectCode, e.subjectName, e.form, e.period, e.dayKind, e.durationMin);
    db.prepare("INSERT INTO station (number, role, auditorium_code, is_reserve) VALUES (?, 'hq', ?, ?)").run(
      answer.stationNumber,
      hq.code,
      answer.kind === 'hq-reserve' ? 1 : 0,
    );
    db.prepare("INSERT INTO setting (key, value) VALUES ('station_number', ?)").run(answer.stationNumber);
    // Enrolled already: the sync worker signs with this key and pulls the feed (the distribution lists) at once.
    db.prepare(
      `INSERT INTO sync_station (id, enrolment_code, station_id, public_key, private_key_sealed, created_at, enrolled_at)
       VALUES (1, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET enrolment_code = excluded.enrolment_code, station_id = excluded.station_id,
         public_key = excluded.public_key, private_key_sealed = excluded.private_key_sealed,
         created_at = excluded.created_at, enrolled_at = excluded.enrolled_at`,
    ).run(attempt.enrolment_code, answer.stationId, attempt.public_key, attempt.private_key_sealed, work.at.toISOString(), work.at.toISOString());
    const fingerprint = stationFingerprint(ensureStationKeys(ctx, keys).signing.publicKeySpkiBase64);
    const by = { staffId, name: personName(person), roleCode: 7 };
    work.record(
      'station.hq_set_up',
      {
        ppeCode: p.ppeCode,
        regionCode: p.regionCode,
        station: answer.stationNumber,
        kind: answer.kind,
        stationId: answer.stationId,
        rcoiKeyId,
        keyProtection: keys.kind,
        fingerprint,
        staffId,
        staffName: by.name,
        headStaffId,
        headName: head ? personName(head) : null,
      },
      by,
    );
    work.changed('roster', 'staff', 'stations');
    return { ...offerOf(answer), fingerprint, rcoiKeyId, staffId };
  });
}
