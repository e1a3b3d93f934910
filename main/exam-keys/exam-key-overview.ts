import type { Db } from '../db/open-database';
import type { ExamKeyExamView, ExamKeysOverview, HeldKeyView } from '../ipc/slices/exam-keys';
import { localDateOf, zonedToUtc } from '../ipc/zoned-time';
import { currentPackages } from '../packages/package-rows';
import { readPpeConfig, readSetupState } from '../ppe/ppe-config';
import { pinnedPeers } from '../stations/peers';
import { SIMULATED_TOKEN_PIN } from '../tokens/token-devices';
import { gekMembers, liveRegistrationOf } from '../tokens/token-register';
import { lastSent } from '../transfer/transfer-ledger';
import { heldExamKeys, type HeldExamKey } from './key-store';

/** RCOI releases the key at 09:30 in the PPE's own time (the exam day's plan, main/timeline/exam-day-plan.ts). */
export const KEY_OPENS_LOCAL = '09:30';

/** A key file as the screen shows it: who asked by name (RCOI's staff id looked up in the roster), its grants. */
export function heldKeyView(db: Db, k: HeldExamKey): HeldKeyView {
  const grants = k.payload.reserve.map((g) => ({ sequence: g.sequence, roomCode: g.roomCode, stationNumber: g.stationNumber, kits: g.kits }));
  const asker = db
    .prepare<[string], { name: string }>("SELECT trim(last_name || ' ' || first_name || ' ' || middle_name) AS name FROM staff WHERE external_id = ?")
    .get(k.payload.requestedBy.staffId);
  return {
    keyId: k.keyId,
    kind: k.kind,
    sequence: k.sequence,
    receivedAt: k.receivedAt,
    requestedBy: asker?.name ?? null,
    grant: k.kind === 'reserve' ? (grants.find((g) => g.sequence === k.sequence) ?? null) : null,
    grants,
  };
}

/**
 * The «Ключ к ЭМ» screen at HQ: today's exams (the PPE's local date) with the package HQ holds, the key files held
 * for each (who asked, when, the reserve grants), the exam's rooms with their pinned stations and when the keys were
 * last written for the room on the transfer drive; the GEK members who can ask (a live registered token).
 */
export function examKeysOverview(db: Db, now: Date): ExamKeysOverview {
  const ppe = readPpeConfig(db);
  const today = localDateOf(now, ppe.timeZone);
  const packages = currentPackages(db);
  const view = (k: HeldExamKey) => heldKeyView(db, k);
  const peers = pinnedPeers(db).filter((p) => p.role === 'room' && p.room !== null);
  const exams = db
    .prepare<[string], { id: number; subjectCode: number; subjectName: string; form: 'EGE' | 'GVE' }>(
      'SELECT id, subject_code AS subjectCode, subject_name AS subjectName, form FROM exam WHERE exam_date = ? ORDER BY subject_code, id',
    )
    .all(today)
    .map((e): ExamKeyExamView => {
      const pkg = packages.get(e.id) ?? null;
      const keys = pkg ? heldExamKeys(db, pkg.packageId) : [];
      const main = keys.find((k) => k.kind === 'main') ?? null;
      const newest = keys.reduce<string | null>((max, k) => (max === null || k.receivedAt > max ? k.receivedAt : max), null);
      const rooms = db
        .prepare<[number], { code: string; name: string }>(
          `SELECT DISTINCT a.code, a.name FROM seating s JOIN auditorium a ON a.code = s.auditorium_code
           WHERE s.exam_id = ? ORDER BY a.code`,
        )
        .all(e.id)
        .map((r) => {
          const written = lastSent(db, 'room.exam_key', `room:${r.code}`, today);
          return {
            code: r.code,
            name: r.name,
            stations: peers.filter((p) => p.room === r.code).map((p) => ({ number: p.station, isReserve: p.isReserve })),
            keysWritten: written
              ? {
                  at: written.recordedAt,
                  seq: written.seq,
                  carriesMain: main !== null && written.recordedAt >= main.receivedAt,
                  carriesNewest: newest !== null && written.recordedAt >= newest,
                }
              : null,
          };
        });
      return {
        examId: e.id,
        date: today,
        subjectCode: e.subjectCode,
        subjectName: e.subjectName,
        form: e.form,
        packageId: pkg?.state === 'downloaded' ? pkg.packageId : null,
        opensLocal: KEY_OPENS_LOCAL,
        opensAt: zonedToUtc(today, KEY_OPENS_LOCAL, ppe.timeZone).toISOString(),
        main: main ? view(main) : null,
        reserve: keys.filter((k) => k.kind === 'reserve').map(view),
        rooms,
      };
    });
  const training = readSetupState(db) === 'training';
  return {
    today,
    exams,
    members: gekMembers(db).flatMap((m) => {
      const token = liveRegistrationOf(db, m.staffId);
      return token ? [{ staffId: m.staffId, name: m.name, serial: token.serial, simulated: token.simulated }] : [];
    }),
    training,
    trainingPin: training ? SIMULATED_TOKEN_PIN : null,
  };
}
