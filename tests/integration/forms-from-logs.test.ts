import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FormsService } from '../../main/forms/forms-service';
import type { PrintLog } from '../../main/printing/print-log-format';
import { OTHER_ROOM, OTHER_STATION, openPrintLogRig, printLogOf, ROOM, ROOM_STATION, S, type PrintLogRig } from '../support/print-log-rig';

// Issue 12, item 7: the forms made from what the stations hold. Room 0101's station and room 0102's send HQ their
// print logs (room.print_log, taken through the contract); HQ makes ППЭ-14-02 and ППЭ-13-02-МАШ and room 0101's
// ППЭ-05-02 from them and its roster; the room station makes its own ППЭ-05-02 from the room data HQ wrote it and its
// print log. Each PDF is read back with pdftotext: the participants, their КИМ and registration blank numbers, and
// every room's counts are exactly the logs'.

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ppe-forms-from-logs-'));
  try {
    await writeFile(join(dir, 'form.pdf'), pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', join(dir, 'form.pdf'), '-']);
    return stdout.replace(/\u00a0/g, ' ');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The layout line that names `key` (a room code, a caption), its runs of spaces made one. */
function lineWith(text: string, key: string | RegExp): string {
  const line = text.split('\n').find((l) => (typeof key === 'string' ? l.includes(key) : key.test(l)));
  expect(line, String(key)).toBeDefined();
  return line!.replace(/\s+/g, ' ').trim();
}

function countLine(text: string, caption: string, value: number): boolean {
  return text.split('\n').some((line) => line.includes(caption) && new RegExp(`\\s${value}\\s*$`).test(line));
}

let rig: PrintLogRig;
let room0101: PrintLog;
let room0102: PrintLog;

beforeEach(async () => {
  rig = await openPrintLogRig();
  const seated = rig.seated(ROOM);
  // Room 0101: six present, the rest absent; the third's kit spoiled and replaced by kit 7, one reserve kit (23) for the sixth.
  const present = seated.slice(0, 6);
  room0101 = printLogOf({
    room: ROOM,
    station: ROOM_STATION,
    packageId: rig.packageId,
    subjectCode: rig.subjectCode,
    participants: seated.map((p, i) => ({ participantId: p.id, seat: p.seat, present: i < 6 })),
    kits: [
      ...present.slice(0, 5).map((p, i) => ({ index: i + 1, participantId: p.id, seat: p.seat, state: i === 2 ? ('spoiled' as const) : ('printed' as const) })),
      { index: 7, participantId: present[2]!.id, seat: present[2]!.seat, replacementOf: 3 },
      { index: 23, participantId: present[5]!.id, seat: present[5]!.seat, source: 'reserve' as const },
    ],
    remaining: 6,
  });
  const other = rig.seated(OTHER_ROOM);
  room0102 = printLogOf({
    room: OTHER_ROOM,
    station: OTHER_STATION,
    packageId: rig.packageId,
    subjectCode: rig.subjectCode,
    participants: other.map((p, i) => ({ participantId: p.id, seat: p.seat, present: i < 3 })),
    kits: other.slice(0, 3).map((p, i) => ({ index: 13 + i, participantId: p.id, seat: p.seat })),
    remaining: 7,
  });
  await rig.write(room0101);
  await rig.write(room0102, 'other');
  const taken = await rig.hq.call(S, 'transfer/take', {});
  expect(taken.refused).toEqual([]);
  expect(taken.taken.map((t) => t.kind)).toEqual(['room.print_log', 'room.print_log']);
});
afterEach(async () => rig.close());

const pdfOf = async (form: { path: string; pdfBase64: string }) => {
  const bytes = Buffer.from(form.pdfBase64, 'base64');
  // Saved as it was answered: the person finds the same file in the data folder's documents/.
  expect(await readFile(form.path)).toEqual(bytes);
  return pdfText(bytes);
};

describe('forms from the rooms\' print logs and the roster', () => {
  it('ППЭ-05-02 at HQ and at the room station: each present participant once with the numbers of the kit printed for them, the absent counted, the counts the log\'s', async () => {
    const seated = rig.seated(ROOM);
    const kitOf = (id: string) => room0101.kits.filter((k) => k.participantId === id && k.state === 'printed').at(-1)!;
    const check = (text: string) => {
      expect(text).toContain('ППЭ-05-02');
      for (const p of seated.slice(0, 6)) {
        const line = lineWith(text, kitOf(p.id).kimNumber);
        expect(line, p.name).toContain(p.name.split(' ')[0]!);
        expect(line).toContain(p.seat);
        expect(line).toContain(kitOf(p.id).blanks.registration);
      }
      // The absent are not rows; the spoiled kit's numbers appear nowhere (it was replaced by kit 7).
      for (const p of seated.slice(6)) expect(text).not.toContain(p.name.split(' ')[0]! + ' ' + p.name.split(' ')[1]!);
      expect(text).not.toContain(room0101.kits.find((k) => k.kitIndex === 3)!.kimNumber);
      expect(countLine(text, 'Участников по списку в аудитории', seated.length)).toBe(true);
      expect(countLine(text, 'Участников присутствовало', 6)).toBe(true);
      expect(countLine(text, 'Участников не явилось', seated.length - 6)).toBe(true);
      expect(countLine(text, 'ИК напечатано', 6)).toBe(true);
      expect(countLine(text, 'ИК испорчено', 1)).toBe(true);
      expect(countLine(text, 'ИК напечатано взамен испорченных', 1)).toBe(true);
      expect(countLine(text, 'ИК из резерва использовано', 1)).toBe(true);
    };
    await rig.hq.signInAs('head', 1);
    const atHq = await rig.hq.call('head', 'forms/roomProtocol', { examId: rig.examId, room: ROOM });
    expect(atHq.fileName).toBe(`ППЭ-05-02_2026-06-01_${String(rig.subjectCode).padStart(2, '0')}_${ROOM}.pdf`);
    expect(atHq.path).toBe(join(rig.hq.dataDir, 'documents', atHq.fileName));
    check(await pdfOf(atHq));

    // The room station: its roster is the room data HQ wrote; its print log is its own.
    expect((await rig.room.call(S, 'transfer/take', {})).refused).toEqual([]);
    const roomExamId = rig.room.core.db.prepare<[], { id: number }>("SELECT id FROM exam WHERE exam_date = '2026-06-01' AND subject_name = 'Русский язык'").get()!.id;
    const forms = new FormsService({ ctx: { db: rig.room.core.db, clock: rig.room.clock }, dataDir: rig.room.dataDir, roomPrintLogs: () => [room0101] });
    const atRoom = await forms.roomProtocol(roomExamId, null);
    check(await pdfOf(atRoom));
    // Its organisers sign, by name, as the room data named them.
    const organisers = rig.room.core.db
      .prepare<[string, number], { last_name: string }>(
        'SELECT st.last_name FROM staff_assignment a JOIN staff st ON st.id = a.staff_id WHERE a.auditorium_code = ? AND a.role_code = 2 AND a.exam_id = ?',
      )
      .all(ROOM, roomExamId);
    const text = await pdfText(Buffer.from(atRoom.pdfBase64, 'base64'));
    for (const o of organisers) expect(text).toContain(o.last_name);
    await expect(forms.roomProtocol(roomExamId, OTHER_ROOM)).rejects.toMatchObject({ code: 'FORM_UNKNOWN_ROOM' });
  });

  it('ППЭ-14-02 and ППЭ-13-02-МАШ at HQ: a row per room with the logs\' counts exactly, and the PPE\'s totals', async () => {
    await rig.hq.signInAs('head', 1);
    const logs = await rig.hq.call('head', 'forms/printLogs', { examId: rig.examId });
    expect(logs.map((l) => [l.room, l.station, l.present, l.printed, l.spoiled, l.replaced, l.reserveUsed, l.remaining])).toEqual([
      [ROOM, ROOM_STATION, 6, 6, 1, 1, 1, 6],
      [OTHER_ROOM, OTHER_STATION, 3, 3, 0, 0, 0, 7],
    ]);

    const sheet = await pdfOf(await rig.hq.call('head', 'forms/issueReturn', { examId: rig.examId }));
    expect(sheet).toContain('ППЭ-14-02');
    // Room, (organiser), printed, spoiled, reserve, returned with answers.
    expect(lineWith(sheet, new RegExp(`^\\s*${ROOM}\\s`))).toMatch(/ 6 1 1 6( |$)/);
    expect(lineWith(sheet, new RegExp(`^\\s*${OTHER_ROOM}\\s`))).toMatch(/ 3 0 0 3( |$)/);
    expect(lineWith(sheet, 'Итого')).toContain('9 1 1 9');

    const summary = await pdfOf(await rig.hq.call('head', 'forms/ppeSummary', { examId: rig.examId }));
    expect(summary).toContain('ППЭ-13-02-МАШ');
    const assigned = (room: string) => rig.seated(room).length;
    // Room, assigned, present, absent, removed, not completed, printed, spoiled, replaced, reserve.
    expect(lineWith(summary, new RegExp(`^\\s*${ROOM}\\s`))).toContain(`${ROOM} ${assigned(ROOM)} 6 ${assigned(ROOM) - 6} 0 0 6 1 1 1`);
    expect(lineWith(summary, new RegExp(`^\\s*${OTHER_ROOM}\\s`))).toContain(`${OTHER_ROOM} ${assigned(OTHER_ROOM)} 3 ${assigned(OTHER_ROOM) - 3} 0 0 3 0 0 0`);
    expect(countLine(summary, 'Участников явилось', 9)).toBe(true);
    expect(countLine(summary, 'ИК напечатано', 9)).toBe(true);
    expect(countLine(summary, 'ИК испорчено', 1)).toBe(true);
    expect(countLine(summary, 'ИК из резерва использовано', 1)).toBe(true);

    // A newer log from room 0102's station (one more kit) replaces the older: the forms follow it.
    const other = rig.seated(OTHER_ROOM);
    await rig.write(
      printLogOf({
        room: OTHER_ROOM,
        station: OTHER_STATION,
        packageId: rig.packageId,
        subjectCode: rig.subjectCode,
        participants: other.map((p, i) => ({ participantId: p.id, seat: p.seat, present: i < 4 })),
        kits: other.slice(0, 4).map((p, i) => ({ index: 13 + i, participantId: p.id, seat: p.seat })),
        remaining: 6,
      }),
      'other',
    );
    expect((await rig.hq.call(S, 'transfer/take', {})).refused).toEqual([]);
    const after = await pdfOf(await rig.hq.call('head', 'forms/issueReturn', { examId: rig.examId }));
    expect(lineWith(after, new RegExp(`^\\s*${OTHER_ROOM}\\s`))).toMatch(/ 4 0 0 4( |$)/);
    expect(lineWith(after, 'Итого')).toContain('10 1 1 10');
  });

  it('the organiser may not make HQ\'s forms; an exam the station does not hold is refused', async () => {
    await rig.hq.signInAs('organiser', 2);
    expect((await rig.hq.fail('organiser', 'forms/issueReturn', { examId: rig.examId })).code).toBe('FORBIDDEN');
    await rig.hq.signInAs('head', 1);
    expect((await rig.hq.fail('head', 'forms/ppeSummary', { examId: 99_999 })).code).toBe('FORM_UNKNOWN_EXAM');
    expect((await rig.hq.fail('head', 'forms/roomProtocol', { examId: rig.examId, room: null })).code).toBe('FORM_UNKNOWN_ROOM');
  });
});
