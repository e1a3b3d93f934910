import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../main/ipc/dto';
import { ERROR_CODES } from '../../main/ipc/errors';
import { journalActions, type JournalAction, type JournalPayload } from '../../main/ipc/journal-actions';
import { errorText, hotlineDetails } from '../../renderer/format/error-text';
import { syncErrorShort } from '../../renderer/format/sync';
import { hasMessage, message, pluralize, type Locale, type ParamValue } from '../../renderer/i18n/catalog';
import type { I18n } from '../../renderer/i18n/i18n-types';
import { checkLines } from '../../renderer/screens/packages/packages-text';
import { actionTitle, entryDetails, subjectNames } from '../../renderer/screens/journal/journal-text';
import { createZoneFormat } from '../../renderer/time/zone';

// Issue 10, «words, not codes»: what the journal, the errors and the drive checks show a person is Russian (or
// English) words — no error code, no action name, no JSON, no {placeholder}, no UTC instant, no RCOI identifier,
// subjects by name and stations by number. Built with the real catalogs and the real formatters.

function i18nFor(locale: Locale): I18n {
  return {
    locale,
    intlLocale: locale === 'ru' ? 'ru-RU' : 'en-GB',
    setLocale: () => {},
    t: (key, ...params) => message(locale, key, params[0] as Record<string, ParamValue> | undefined),
    plural: (key, count) => pluralize(locale, key, count),
    maybe: (key, params) => (hasMessage(key) ? message(locale, key, params) : null),
  };
}

const locales: Locale[] = ['ru', 'en'];
const zone = createZoneFormat('Asia/Yekaterinburg', 'ru-RU');
const STATION_UUID = '6f1c2b1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const PACKAGE_UUID = '0b7e9a1c-2d3e-4f50-8a6b-7c8d9e0f1a2b';
const AT = '2026-12-03T05:40:00.000Z'; // 10:40 in Yekaterinburg
const copy = { packageId: PACKAGE_UUID, driveId: 'drive-1', role: 'main', folder: '2026-12-03_1_EGE', verified: true, problem: null } as const;

/**
 * One valid payload for every journal action. Typed by the catalog, so a new action without a sample here is a
 * compile error, and the test below also fails at run time.
 */
const samples: { [A in JournalAction]: JournalPayload<A> } = {
  'db.migrated': { from: 5, to: 6, applied: [6] },
  'journal.tail_missing': { afterSeq: 41 },
  'journal.anchored': { anchorNo: 12, seq: 340, entryHash: '05'.repeat(32), reason: 'handover' },
  'journal.anchor_received': { station: '0412101', anchorNo: 4, seq: 57, entryHash: '06'.repeat(32), signedAt: AT },
  'journal.anchor_refused': { station: '0412101', anchorNo: 5, seq: 61, reason: 'bad_signature' },
  'demo.seeded': { training: true, demoKeyId: 'k1', chosenBy: 'screen', ppeCode: '0101', today: '2026-12-01', exams: 3, participants: 120, staff: 30 },
  'auth.sign_in': {},
  'auth.sign_out': { reason: 'user' },
  'auth.unlock': {},
  'auth.lock': {},
  'auth.idle_lock': { idleSeconds: 600 },
  'auth.sign_in_failed': { staffId: 1, staffName: 'Иванова А. Б.', attempt: 2 },
  'auth.locked_out': { staffId: 1, staffName: 'Иванова А. Б.', until: AT, attempts: 5 },
  'auth.sign_in_refused': { staffId: 1, staffName: 'Иванова А. Б.', reason: 'locked_out', until: AT },
  'auth.no_duty_today': { staffId: 1, staffName: 'Иванова А. Б.' },
  'auth.role_of_the_day': { from: 1, to: 2, date: '2026-12-03' },
  'auth.pin_changed': { issuedByOther: true },
  'auth.forbidden': { channel: 'packages/writeToDrives', permission: 'packages.write' },
  'staff.pin_issued': { staffId: 1, staffName: 'Иванова А. Б.', mustChange: true, confirmedBy: { staffId: 2, name: 'Петров В. Г.' } },
  'staff.pin_refused': { staffId: 1, staffName: 'Иванова А. Б.', reason: 'second_person_required', confirmerId: null },
  'bundle.imported': {
    bundleId: 'b1',
    fileName: 'lists.ppebundle',
    sha256: 'ab'.repeat(32),
    examId: 7,
    examDate: '2026-12-03',
    subjectCode: 2,
    version: 3,
    previousVersion: 2,
    participants: 120,
    staff: 30,
    added: 1,
    removed: 0,
    moved: 2,
  },
  'bundle.refused': { fileName: 'old.ppebundle', sha256: 'cd'.repeat(32), size: 2048, error: { code: 'BUNDLE_EXAM_PAST', params: { date: '2026-11-20' } } },
  'package.listed': { packageId: PACKAGE_UUID, examDate: '2026-12-03', subjectCode: 2, size: 64 * 1024 * 1024 },
  'package.download_started': { packageId: PACKAGE_UUID },
  'package.download_paused': { packageId: PACKAGE_UUID, bytesDone: 12 * 1024 * 1024 },
  'package.download_failed': { packageId: PACKAGE_UUID, error: { code: 'RCOI_UNREACHABLE', params: {} }, bytesDone: 0 },
  'package.downloaded': { packageId: PACKAGE_UUID, examDate: '2026-12-03', subjectCode: 2, form: 'EGE', manifestSha256: 'ef'.repeat(32), size: 64 * 1024 * 1024, files: 12 },
  'package.copy_started': { packageId: PACKAGE_UUID, folder: '2026-12-03_1_EGE', drives: [{ role: 'main', driveId: 'drive-1' }, { role: 'reserve', driveId: 'drive-2' }] },
  'package.copy_written': copy,
  'package.copy_checked': { ...copy, verified: false, problem: { code: 'DRIVE_COPY_FILE_MISSING', params: { path: '2026-12-03_1_EGE/a.pdf', others: 0 } } },
  'package.copies_interrupted': { copies: 2 },
  'package.extra_removed': {
    packageId: PACKAGE_UUID,
    driveId: 'drive-1',
    role: 'main',
    folder: '2026-12-03_1_EGE',
    removed: [{ path: 'notes.txt', kind: 'file' }],
    count: 1,
  },
  'timeline.step_confirmed': { examId: 7, examDate: '2026-12-03', subjectCode: 2, step: 'materials_handover' },
  'drive.assigned': { driveId: 'drive-1', serial: 'SN123', label: 'ОСНОВНОЙ', sizeBytes: 8e9, role: 'main', previousDriveId: null },
  'drive.check_stuck': { driveId: 'drive-1', stallMs: 60_000 },
  'drive.content_refused': { driveId: 'drive-1', folder: '2026-12-03_1_EGE', problem: null },
  'station.hq_set_up': {
    ppeCode: '0412',
    regionCode: '42',
    station: '041201',
    kind: 'hq-main',
    stationId: STATION_UUID,
    rcoiKeyId: 'rk1',
    keyProtection: 'os-keychain',
    fingerprint: '1234 5678 9012 3456 7890',
    staffId: 3,
    staffName: 'Иванов Иван',
    headStaffId: 4,
    headName: 'Петров Пётр',
  },
  'station.hq_set_up_refused': { ppeCode: '0412', kind: 'hq-reserve', error: { code: 'SETUP_CODE_EXPIRED', params: {} } },
  'sync.enrolled': { stationId: STATION_UUID, keyProtection: 'file', rcoiKeyId: 'rk1' },
  'sync.received': { id: 'i1', kind: 'distribution-bundle', cursor: 4, outcome: { refused: 'BUNDLE_EXAM_PAST', params: { date: '2026-11-20' } } },
  'sync.item_refused': { id: 'o1', kind: 'package.downloaded', status: 422, reason: 'пакет не найден' },
  'sync.answer_refused': { request: 'GET /v1/feed', problem: 'bad_signature', status: 200, url: 'https://rcoi.example/v1/feed' },
  'sync.training_packet_queued': { id: 'o2', size: 64 * 1024 * 1024, sha256: '01'.repeat(32) },
  'clock.skew_detected': { skewSeconds: 2178 * 60 },
  'clock.skew_resolved': { skewSeconds: 20 },
  'token.registered': {
    staffId: 5,
    staffName: 'Смирнова Е. Д.',
    serial: '0A1B2C3D',
    label: 'Рутокен ЭЦП',
    algorithm: 'ECDSA-P256-SHA256',
    keyFingerprint: '1234 5678 9012 3456 7890',
    source: 'enrolled',
    simulated: false,
    bundleId: null,
    confirmedBy: { staffId: 1, name: 'Петров В. Г.' },
    previous: { serial: '99887766', keyFingerprint: '0987 6543 2109 8765 4321' },
  },
  'token.refused': { staffId: 5, staffName: 'Смирнова Е. Д.', serial: '0A1B2C3D', reason: 'confirmation_required', confirmerId: null },
  'token.checked': {
    staffId: 5,
    staffName: 'Смирнова Е. Д.',
    serial: '0A1B2C3D',
    keyFingerprint: '1234 5678 9012 3456 7890',
    ok: false,
    error: { code: 'TOKEN_PIN_WRONG', params: { left: 9 } },
  },
  'token.library_set': { path: '/usr/lib/librtpkcs11ecp.so', previous: null },
  'key.received': {
    packageId: PACKAGE_UUID,
    keyId: '5d6e7f80-9a1b-4c2d-8e3f-405162738495',
    kind: 'reserve',
    sequence: 2,
    ask: 'reserve',
    examDate: '2026-12-03',
    subjectCode: 2,
    member: { staffId: 5, name: 'Смирнова Е. Д.' },
    reserve: { roomCode: '0101', stationNumber: '100101', kits: 3 },
    fresh: true,
  },
  'key.refused': {
    packageId: PACKAGE_UUID,
    ask: 'main',
    member: { staffId: 5, name: 'Смирнова Е. Д.' },
    error: { code: 'EXAM_KEY_TOO_EARLY', params: { opensAt: '09:30' } },
  },
  'key.loaded': {
    packageId: PACKAGE_UUID,
    keyId: '5d6e7f80-9a1b-4c2d-8e3f-405162738495',
    kind: 'main',
    sequence: 0,
    examDate: '2026-12-03',
    subjectCode: 2,
    sender: '100001',
    seq: 4,
    fresh: true,
  },
  'transfer.sent': { file: '0412001-00000003-room.data.ppex', receiver: 'room:0101', kind: 'room.data', seq: 3, examDate: '2026-12-03', sha256: '02'.repeat(32) },
  'transfer.received': {
    file: '0412101-00000002-room.journal_extract.ppex',
    sender: '0412101',
    receiver: 'hq',
    kind: 'room.journal_extract',
    seq: 2,
    examDate: '2026-12-03',
    createdAt: AT,
    sha256: '03'.repeat(32),
    late: false,
    missing: 1,
  },
  'transfer.refused': {
    file: '0412101-00000004-room.journal_extract.ppex',
    sender: '0412101',
    kind: 'room.journal_extract',
    seq: 4,
    sha256: '04'.repeat(32),
    error: { code: 'TRANSFER_BAD_SIGNATURE', params: { file: '0412101-00000004-room.journal_extract.ppex', sender: '0412101' } },
  },
  'station.setup_issued': { setupId: '6f1c2a4e-8b7d-4c1e-9a3b-2d5e6f708192', station: '100104', room: '0101', isReserve: false, file: 'station-100104/100001-00000001-station.setup.ppex' },
  'station.move_issued': {
    setupId: '7a2d3b5f-9c8e-4d2f-8b4c-3e6f708192a3',
    fromStation: '100104',
    fromRoom: '0101',
    station: '100104',
    room: '0102',
    isReserve: false,
    fingerprint: '1234 5678 9012 3456 7890',
    file: 'station-100104/100001-00000002-station.setup.ppex',
  },
  'station.pinned': { setupId: '6f1c2a4e-8b7d-4c1e-9a3b-2d5e6f708192', station: '100104', room: '0101', isReserve: true, fingerprint: '1234 5678 9012 3456 7890', moved: false },
  'station.set_up': {
    setupId: '6f1c2a4e-8b7d-4c1e-9a3b-2d5e6f708192',
    station: '100104',
    room: '0101',
    isReserve: false,
    ppeCode: '0412',
    training: true,
    hqStation: '100001',
    hqFingerprint: '0987 6543 2109 8765 4321',
    fingerprint: '1234 5678 9012 3456 7890',
    staffId: 1,
    staffName: 'Васильев Илья Алексеевич',
  },
  'station.moved': { setupId: '7a2d3b5f-9c8e-4d2f-8b4c-3e6f708192a3', fromStation: '100104', fromRoom: '0101', station: '100105', room: '0102', isReserve: false },
  'transfer.room_data_applied': { room: '0101', examDate: '2026-12-03', subjectCode: 1, sender: '0412001', seq: 3, participants: 14, staff: 2, outdated: false },
  'transfer.room_package_verified': { packageId: PACKAGE_UUID, examDate: '2026-12-03', subjectCode: 1, files: 14, sender: '0412001', seq: 4 },
  'transfer.journal_extract_kept': { station: '0412101', room: '0101', examDate: '2026-12-03', entries: 57, firstSeq: 12, lastSeq: 68, complete: true },
  'transfer.print_log_kept': {
    station: '0412101',
    room: '0101',
    examDate: '2026-12-03',
    subjectCode: 1,
    packageId: PACKAGE_UUID,
    seq: 5,
    kits: 16,
    printed: 14,
    spoiled: 2,
    replaced: 2,
    reserveUsed: 1,
    current: true,
  },
  'printing.key_activated': { packageId: PACKAGE_UUID, keyId: STATION_UUID, member: { staffId: 'W-42-5002', name: 'Михайлова О. П.' }, tokenSerial: 'A1B2C3', copied: true },
  'printing.key_refused': { packageId: PACKAGE_UUID, tokenSerial: null, error: { code: 'TOKEN_PIN_WRONG', params: { left: 9 } } },
  'printing.printer_chosen': { printer: 'HP LaserJet', simulated: false },
  'printing.attendance_marked': { examDate: '2026-12-03', subjectCode: 1, participantId: 'P-1001', seat: '1А', present: true },
  'printing.kits_queued': { packageId: PACKAGE_UUID, kits: [{ kitIndex: 1, participantId: 'P-1001', seat: '1А' }, { kitIndex: 2, participantId: 'P-1002', seat: '1Б' }] },
  'printing.kit_printed': { packageId: PACKAGE_UUID, kitIndex: 26, source: 'reserve', participantId: 'P-1001', seat: '1А', attempts: 2, pages: 16, printer: 'HP LaserJet' },
  'printing.kit_failed': { packageId: PACKAGE_UUID, kitIndex: 3, attempts: 1, error: { code: 'PRINTER_JOB_FAILED', params: { printer: 'HP LaserJet', kit: 3 } } },
  'printing.queue_stopped': { packageId: PACKAGE_UUID, kitIndex: 4, error: { code: 'PRINTER_PAPER_OUT', params: { printer: 'HP LaserJet' } } },
  'printing.queue_paused': { packageId: PACKAGE_UUID },
  'printing.queue_resumed': { packageId: PACKAGE_UUID },
  'printing.kit_spoiled': { packageId: PACKAGE_UUID, kitIndex: 5, reason: 'misprint', note: 'полосы на листе', participantId: 'P-1003', replacement: 13 },
  'printing.kits_uncertain': { packageId: PACKAGE_UUID, kits: [6, 7] },
  'printing.uncertain_resolved': { packageId: PACKAGE_UUID, kitIndex: 6, cameOutWhole: false },
};

/** Actions whose title says everything: their details may be empty. */
const TITLE_SAYS_ALL = new Set<string>(['auth.sign_in', 'auth.unlock', 'auth.lock', 'package.download_started']);

function entry(action: string, payload: Record<string, unknown>): JournalEntry {
  return { seq: 42, at: AT, actorName: 'Иванова А. Б.', actorRoleCode: 1, station: '7777', action, payload, hash: 'h' };
}

/** What must never reach a person: returns the offences found in a text. */
function machineWords(text: string, payload: Record<string, unknown>): string[] {
  const found: string[] = [];
  if (/[{}]/.test(text)) found.push('a {placeholder} or JSON');
  if (/"/.test(text)) found.push('a JSON quote');
  if (/\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/.test(text)) found.push('an error code');
  if (/\d{4}-\d{2}-\d{2}T\d{2}:/.test(text)) found.push('a UTC instant');
  if (/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i.test(text)) found.push('a UUID');
  if (/\b(undefined|null|NaN|true|false)\b|\[object/.test(text)) found.push('a JavaScript value');
  if (/\b[a-z]+\.[a-z_]+\b/.test(text) && Object.keys(journalActions).some((a) => text.includes(a))) found.push('an action name');
  // The generic «field: value» line: a field's own name (stillCamelCase or snake_case, or first on the line).
  for (const key of Object.keys(payload)) {
    const machineName = /[A-Z_]/.test(key) && text.includes(key);
    if (machineName || text.startsWith(`${key}:`) || text.includes(`${key}=`)) found.push(`the field name ${key}`);
  }
  return found;
}

describe('journal lines are words', () => {
  it('there is a sample for every journal action, and each sample is a valid entry', () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(journalActions).sort());
    for (const [action, payload] of Object.entries(samples)) {
      const parsed = journalActions[action as JournalAction].safeParse(payload);
      expect({ action, ok: parsed.success }).toEqual({ action, ok: true });
    }
  });

  it('every action has a title and its details in words, in Russian and in English', () => {
    const names = subjectNames([{ subjectCode: 2, subjectName: 'Математика (профильный уровень)' }]);
    const offences: string[] = [];
    for (const locale of locales) {
      const i18n = i18nFor(locale);
      for (const [action, payload] of Object.entries(samples) as [string, Record<string, unknown>][]) {
        const title = actionTitle(i18n, action);
        const details = entryDetails(i18n, zone, entry(action, payload), names);
        if (title === action) offences.push(`${locale} ${action}: no title`);
        if (details === '' && !TITLE_SAYS_ALL.has(action)) offences.push(`${locale} ${action}: no details`);
        for (const o of machineWords(`${title} ${details}`, payload)) offences.push(`${locale} ${action}: ${o} in «${details}»`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('subjects by name, stations by number, refusals by their words, times in the PPE zone', () => {
    const i18n = i18nFor('ru');
    const names = subjectNames([{ subjectCode: 2, subjectName: 'Математика (профильный уровень)' }]);
    const details = (action: JournalAction) => entryDetails(i18n, zone, entry(action, samples[action] as Record<string, unknown>), names);
    expect(details('bundle.imported')).toContain('03.12.2026 — Математика (профильный уровень)');
    expect(details('package.downloaded')).toContain('Математика (профильный уровень)');
    expect(details('sync.enrolled')).toBe('станция 7777');
    expect(details('sync.received')).toContain('уже прошёл');
    expect(details('sync.received')).not.toContain('BUNDLE_EXAM_PAST');
    expect(details('auth.locked_out')).toContain('10:40');
    expect(details('clock.skew_detected')).toBe('часы компьютера отстают на 1 дн 12 ч');
    // Without a roster the date alone, never «предмет 2».
    expect(entryDetails(i18n, zone, entry('package.listed', samples['package.listed']))).toBe('экзамен 03.12.2026, 64 МиБ');
  });
});

describe('errors are words', () => {
  it('every error code has a message in both catalogs, and errorText never shows the code', () => {
    for (const locale of locales) {
      const i18n = i18nFor(locale);
      for (const code of ERROR_CODES) {
        expect(hasMessage(`error.${code}`), `${locale} error.${code}`).toBe(true);
        // Params are not needed for this check: a missing one would show as {name} and is caught by error-params.
        expect(errorText(i18n, zone, { code, params: {} })).not.toContain(code);
      }
      // A code from a newer main, unknown here, still reads as words.
      expect(errorText(i18n, zone, { code: 'SOMETHING_NEW', params: {} })).toBe(message(locale, 'error.INTERNAL'));
      expect(syncErrorShort(i18n, { code: 'SOMETHING_NEW', params: {} })).not.toContain('SOMETHING_NEW');
    }
  });

  it('the hotline details give instants in the PPE zone, with UTC only in addition', () => {
    const text = hotlineDetails(zone, { code: 'PIN_LOCKED_OUT', params: { until: AT } });
    expect(text).toMatch(/^PIN_LOCKED_OUT until=03\.12\.2026,? 10:40 \(UTC 2026-12-03 05:40:00\)$/);
  });

  it('a drive check names exams by subject and says a folder path once', () => {
    const i18n = i18nFor('ru');
    const check = {
      state: 'done',
      bytesDone: 1,
      bytesTotal: 1,
      problem: null,
      folders: [
        { folder: '2026-11-20_2_EGE', examDate: '2026-11-20', subjectCode: 2, ok: true, problem: null },
        { folder: 'x-folder', examDate: null, subjectCode: null, ok: false, problem: { code: 'DRIVE_COPY_OTHER_PACKAGE', params: { folder: 'x-folder' } } },
      ],
    } as unknown as Parameters<typeof checkLines>[2];
    const lines = checkLines(i18n, zone, check, [], [{ date: '2026-11-20', subjectCode: 2, subjectName: 'Математика' }]);
    expect(lines[0]).toBe('20.11.2026 — Математика: копия точная, проверен каждый байт');
    expect(lines[1]!.split('x-folder')).toHaveLength(2);
  });
});
