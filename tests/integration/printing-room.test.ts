import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedPrinterSystem } from '../../native/printer/simulated-printer';
import { buildPrintLog } from '../../main/printing/print-log';
import { readKitPacks } from '../../main/kits/read-kit-packs';
import type { PrintingOverview } from '../../main/ipc/slices/printing';
import { filesUnder, openPrintingRoom, ROOM, ROOM_STATION, S, TOKEN_PIN, type PrintingRoom } from '../support/printing-room';
import { until } from '../support/wait';

// Issue 12, items 3 and 6 at a room station, through the contract on a real core: the key activated with a real
// SoftHSM2 token (ECDH on the token) and kept in memory; the room's kits printed one job per kit to the simulated
// printer, whose faults are scripted; spoiled kits, reserve kits, a restart mid-job; and nothing decrypted left on
// disk afterwards. The simulator prints a page each time the test calls advance(): no timers decide anything.

const PRINTER = 'Room-Printer';
let room: PrintingRoom | null = null;
let sim: SimulatedPrinterSystem;
let paper: string;

async function open(spec: { roomKits: number; reserveKits: number; otherRoomKits?: number }): Promise<PrintingRoom> {
  paper = mkdtempSync(join(tmpdir(), 'ppe-paper-tray-'));
  sim = new SimulatedPrinterSystem({ outputDir: paper, printers: [{ name: PRINTER }] });
  room = await openPrintingRoom({ printer: sim }, spec);
  return room;
}

afterEach(async () => {
  await room?.close();
  room = null;
  // The paper tray: the simulated printer's output, what a real printer would have put on paper.
  if (paper) rmSync(paper, { recursive: true, force: true });
});

const overview = (r: PrintingRoom) => r.h.call(S, 'printing/overview', {});

/** Prints pages until the overview is what the test waits for. */
function printUntil(r: PrintingRoom, ok: (o: PrintingOverview) => boolean, what: string): Promise<PrintingOverview> {
  return until(async () => {
    await sim.advance();
    return overview(r);
  }, ok, what);
}

/** The kits that came out of the simulated printer, by index, in the order they were finished. */
function sheetsOut(): number[] {
  return readdirSync(paper)
    .map((f) => /^PPE-kit-(\d+)-job_(\d+)\.pdf$/.exec(f))
    .filter((m) => m !== null)
    .sort((a, b) => Number(a![2]) - Number(b![2]))
    .map((m) => Number(m![1]));
}

async function activate(r: PrintingRoom): Promise<void> {
  await r.h.call(S, 'printing/choosePrinter', { printer: PRINTER });
  await r.h.call(S, 'printing/activate', { tokenSerial: null, tokenPin: TOKEN_PIN });
}

describe('printing at a room station', () => {
  it('a wrong PIN is refused and journaled; the right PIN activates the key, journaled with the member and the token', async () => {
    const r = await open({ roomKits: 4, reserveKits: 2 });
    expect((await r.h.fail(S, 'printing/activate', { tokenSerial: null, tokenPin: TOKEN_PIN })).code).toBe('PRINTING_NO_KEY_FILE');
    r.holdKey('main');
    expect((await overview(r)).key.state).toBe('loaded');
    const wrong = await r.h.fail(S, 'printing/activate', { tokenSerial: null, tokenPin: '000000' });
    expect(wrong.code).toBe('TOKEN_PIN_WRONG');
    expect((await overview(r)).key.state).toBe('loaded');
    expect(r.journal('printing.key_refused').map((e) => (e.error as { code: string }).code)).toEqual(['TOKEN_PIN_WRONG']);

    const done = await r.h.call(S, 'printing/activate', { tokenSerial: r.serial, tokenPin: TOKEN_PIN });
    expect(done.kits).toBe(4);
    const o = await overview(r);
    expect(o.key).toMatchObject({ state: 'active', mainKey: true, activatedBy: done.activatedBy });
    expect(o.room).toEqual({ code: ROOM, name: expect.any(String), stationNumber: ROOM_STATION });
    expect(o.package).toMatchObject({ packageId: r.manifest.packageId, roomKits: 4 });
    const [activated] = r.journal('printing.key_activated');
    expect(activated).toMatchObject({ packageId: r.manifest.packageId, tokenSerial: r.serial, member: { staffId: 'W-42-5002' } });
    // The encrypted package was copied at the first try (the refused one): printing no longer needs the drive.
    expect(r.h.core.db.prepare('SELECT package_id AS id FROM print_local_package').all()).toEqual([{ id: r.manifest.packageId }]);
    expect((activated!.member as { name: string }).name).toMatch(/Михайлова/);
    // The key is nowhere in the journal, in any encoding.
    const journal = r.h.core.db.prepare<[], { payload: string }>('SELECT payload FROM journal').all().map((e) => e.payload).join('\n');
    for (const form of ['hex', 'base64'] as const) expect(journal).not.toContain(r.packageKey.toString(form));

    // After a restart the key file is held but the key must be activated again.
    await r.h.reopen();
    await r.h.signInAs(S, 7);
    expect((await overview(r)).key.state).toBe('loaded');
    expect((await r.h.fail(S, 'printing/start', {})).code).toBe('PRINTING_KEY_NOT_ACTIVE');
  });

  it('a room of kits is printed, one job per kit, each kit journaled; paper out stops the queue and resume finishes with nothing doubled or lost', async () => {
    const r = await open({ roomKits: 6, reserveKits: 2, otherRoomKits: 3 });
    r.holdKey('main');
    await activate(r);
    const present = await r.markPresent(6);
    const kit1Pages = 5; // one КИМ page and four blanks
    sim.setFaults(PRINTER, { paperOutAfterPages: kit1Pages * 2 + 2 });
    expect(await r.h.call(S, 'printing/start', {})).toEqual({ queued: 6 });
    const stopped = await printUntil(r, (o) => o.queue.state === 'fault', 'the queue to stop on paper out');
    expect(stopped.queue.fault).toEqual({ code: 'PRINTER_PAPER_OUT', params: { printer: PRINTER, raw: 'media-empty-error' } });
    expect(stopped.kits.filter((k) => k.state === 'printed')).toHaveLength(2);
    expect(stopped.kits.find((k) => k.state === 'printing')).toMatchObject({ pagesDone: 2, attempts: 1 });

    sim.clearFaults(PRINTER); // paper loaded: the job in the printer goes on
    await r.h.call(S, 'printing/resume', {});
    const done = await printUntil(r, (o) => o.kits.every((k) => k.state === 'printed') && o.queue.state === 'idle', 'every kit printed');
    expect(done.kits.map((k) => k.kitIndex)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(done.kits.map((k) => k.attempts)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(done.kits.map((k) => k.participantId)).toEqual(present);
    expect(new Set(done.kits.map((k) => k.kimNumber)).size).toBe(6);
    expect(done.counters).toEqual({ printed: 6, spoiled: 0, replaced: 0, reserveUsed: 0, remaining: 0 });
    expect(sheetsOut().sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.journal('printing.kit_printed').map((e) => e.kitIndex)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.journal('printing.queue_stopped').map((e) => (e.error as { code: string }).code)).toEqual(['PRINTER_PAPER_OUT']);

    // The print log HQ gets says the same.
    const log = buildPrintLog({ db: r.h.core.db }, r.h.clock.now(), r.manifest.packageId)!;
    expect(log.kits.map((k) => [k.kitIndex, k.state, k.participantId])).toEqual(done.kits.map((k) => [k.kitIndex, 'printed', k.participantId]));
    expect(log.counters).toEqual(done.counters);
    expect(log.participants.filter((p) => p.present)).toHaveLength(6);
  });

  it('a job that fails midway is printed again as the same kit; a spoiled kit is replaced and never printed again', async () => {
    const r = await open({ roomKits: 4, reserveKits: 2 });
    r.holdKey('main');
    await activate(r);
    await r.markPresent(3);
    await r.h.call(S, 'printing/start', {});
    await printUntil(r, (o) => o.kits[0]?.state === 'printed', 'the first kit');
    sim.setFaults(PRINTER, { failJobAfterPages: 3 }); // the second kit's job is aborted by the printer on its third page
    const stopped = await printUntil(r, (o) => o.queue.state === 'fault', 'the failed job to stop the queue');
    expect(stopped.queue.fault?.code).toBe('PRINTER_JOB_FAILED');
    expect(stopped.kits.find((k) => k.kitIndex === 2)).toMatchObject({ state: 'failed', attempts: 1, problem: { code: 'PRINTER_JOB_FAILED' } });
    await r.h.call(S, 'printing/resume', {});
    const done = await printUntil(r, (o) => o.queue.state === 'idle' && o.kits.every((k) => k.state === 'printed'), 'all printed');
    expect(done.kits.map((k) => [k.kitIndex, k.attempts])).toEqual([[1, 1], [2, 2], [3, 1]]);
    expect(r.journal('printing.kit_failed').map((e) => e.kitIndex)).toEqual([2]);

    // Kit 2 came out smudged: spoiled, the room's next kit (4) goes to the same participant.
    const holder = done.kits.find((k) => k.kitIndex === 2)!.participantId;
    expect(await r.h.call(S, 'printing/spoil', { kitIndex: 2, reason: 'misprint', note: 'полосы' })).toEqual({ replacement: 4 });
    const replaced = await printUntil(r, (o) => o.kits.find((k) => k.kitIndex === 4)?.state === 'printed', 'the replacement printed');
    expect(replaced.kits.find((k) => k.kitIndex === 4)).toMatchObject({ participantId: holder, replacementOf: 2 });
    expect(replaced.kits.find((k) => k.kitIndex === 2)).toMatchObject({ state: 'spoiled', spoilReason: 'misprint' });
    expect(replaced.counters).toEqual({ printed: 3, spoiled: 1, replaced: 1, reserveUsed: 0, remaining: 0 });
    // Spoiled stays spoiled: the database itself refuses to move it.
    expect(() => r.h.core.db.prepare("UPDATE print_kit SET state = 'queued' WHERE kit_index = 2").run()).toThrow(/spoiled kit is never printed again/);
    expect((await r.h.fail(S, 'printing/spoil', { kitIndex: 2, reason: 'other', note: 'x' })).code).toBe('PRINTING_KIT_STATE');
    // A spoiled kit's numbers came out of the printer once (its failed attempt never reached the tray), never again.
    expect(sheetsOut().filter((i) => i === 2)).toHaveLength(1);

    // The room's kits are gone now: another spoil has no replacement until a reserve key grants this station kits.
    expect(await r.h.call(S, 'printing/spoil', { kitIndex: 3, reason: 'damaged', note: '' })).toEqual({ replacement: null });
    const reserve = r.reserveRange();
    r.holdKey('reserve', [
      { sequence: 1, roomCode: ROOM, stationNumber: ROOM_STATION, kits: 1, kitIndices: [reserve.firstKit + 1], grantedAt: r.h.clock.now().toISOString() },
      { sequence: 2, roomCode: '0102', stationNumber: '100102', kits: 1, kitIndices: [reserve.firstKit], grantedAt: r.h.clock.now().toISOString() },
    ]);
    expect((await overview(r)).key.reserveKits).toBe(1);
    expect(await r.h.call(S, 'printing/start', {})).toEqual({ queued: 1 });
    const withReserve = await printUntil(r, (o) => o.kits.find((k) => k.source === 'reserve')?.state === 'printed', 'the reserve kit printed');
    const reserveKit = withReserve.kits.find((k) => k.source === 'reserve')!;
    // The kit granted to this station, not the one granted to 100102; for the participant whose kit 3 was spoiled.
    expect(reserveKit).toMatchObject({ kitIndex: reserve.firstKit + 1, replacementOf: 3 });
    expect(withReserve.counters).toEqual({ printed: 3, spoiled: 2, replaced: 2, reserveUsed: 1, remaining: 0 });
    const log = buildPrintLog({ db: r.h.core.db }, r.h.clock.now(), r.manifest.packageId)!;
    expect(log.kits.find((k) => k.source === 'reserve')).toMatchObject({ reserveSequence: 1, state: 'printed' });
    expect(log.kits.filter((k) => k.state === 'spoiled').map((k) => k.spoiled?.reason)).toEqual(['misprint', 'damaged']);
  });

  it('a kit printing when the app stops is uncertain after the restart; not whole, it is printed again as the same kit', async () => {
    const r = await open({ roomKits: 3, reserveKits: 1 });
    r.holdKey('main');
    await activate(r);
    await r.markPresent(1);
    sim.setFaults(PRINTER, { stuck: true });
    await r.h.call(S, 'printing/start', {});
    await until(() => overview(r), (o) => o.kits[0]?.state === 'printing', 'the kit in the printer');
    await r.h.reopen();
    await r.h.signInAs(S, 7);
    const after = await overview(r);
    expect(after.kits[0]).toMatchObject({ kitIndex: 1, state: 'uncertain', attempts: 1 });
    expect(after.key.state).toBe('loaded');
    expect(r.journal('printing.kits_uncertain')).toEqual([{ packageId: r.manifest.packageId, kits: [1] }]);
    sim.clearFaults(PRINTER);
    await r.h.call(S, 'printing/resolveUncertain', { kitIndex: 1, cameOutWhole: false });
    expect((await overview(r)).kits[0]!.state).toBe('failed');
    await r.h.call(S, 'printing/activate', { tokenSerial: null, tokenPin: TOKEN_PIN });
    await r.h.call(S, 'printing/resume', {});
    const done = await printUntil(r, (o) => o.kits[0]?.state === 'printed', 'the same kit printed again');
    expect(done.kits).toHaveLength(1);
    expect(done.kits[0]).toMatchObject({ kitIndex: 1, attempts: 2 });
  });

  it('a kit spoiled for «other» needs a note saying what happened: without one it is refused and nothing is recorded', async () => {
    const r = await open({ roomKits: 3, reserveKits: 1 });
    r.holdKey('main');
    await activate(r);
    await r.markPresent(1);
    await r.h.call(S, 'printing/start', {});
    await printUntil(r, (o) => o.queue.state === 'idle' && o.kits[0]?.state === 'printed', 'the kit printed');
    for (const note of ['', '   ']) {
      expect((await r.h.fail(S, 'printing/spoil', { kitIndex: 1, reason: 'other', note })).code).toBe('PRINTING_SPOIL_NOTE_REQUIRED');
    }
    const refused = await overview(r);
    expect(refused.kits.map((k) => [k.kitIndex, k.state, k.spoilReason])).toEqual([[1, 'printed', null]]);
    expect(refused.counters).toMatchObject({ printed: 1, spoiled: 0, replaced: 0 });
    expect(r.journal('printing.kit_spoiled')).toEqual([]);
    // The other reasons speak for themselves; «other» with a note is recorded as before.
    expect(await r.h.call(S, 'printing/spoil', { kitIndex: 1, reason: 'other', note: 'залит водой' })).toEqual({ replacement: 2 });
    expect(r.journal('printing.kit_spoiled')).toMatchObject([{ kitIndex: 1, reason: 'other', note: 'залит водой', replacement: 2 }]);
  });

  it('marked absent while their kit only waits in the queue, a participant gets no kit: it goes back unused, its numbers kept for the next; a kit already in the printer stays', async () => {
    const r = await open({ roomKits: 4, reserveKits: 1 });
    r.holdKey('main');
    await activate(r);
    const [first, second, third] = await r.markPresent(3);
    await r.h.call(S, 'printing/start', {});
    // Kit 1 is in the printer (no page printed yet: the simulator prints when the test says), kits 2 and 3 wait.
    const busy = await until(() => overview(r), (o) => o.kits[0]?.state === 'printing', 'kit 1 in the printer');
    expect(busy.kits.map((k) => [k.kitIndex, k.state])).toEqual([[1, 'printing'], [2, 'queued'], [3, 'queued']]);
    const kit2Numbers = r.h.core.db.prepare('SELECT kim_number AS kim, registration FROM print_kit WHERE kit_index = 2').get();

    await r.h.call(S, 'printing/setPresent', { participantId: second!, present: false });
    await r.h.call(S, 'printing/setPresent', { participantId: first!, present: false });
    const after = await overview(r);
    // The screen: the second participant absent with no kit; the first absent and still holding kit 1 (in the printer:
    // the organiser decides what to do with it); kit 2 is no longer in the queue.
    expect(after.kits.map((k) => [k.kitIndex, k.state, k.participantId])).toEqual([[1, 'printing', first], [3, 'queued', third]]);
    expect(after.participants.slice(0, 3).map((p) => [p.participantId, p.present, p.kitIndex])).toEqual([
      [first, false, 1],
      [second, false, null],
      [third, true, 3],
    ]);
    expect(after.queue.waiting).toBe(1);
    expect(r.journal('printing.attendance_marked').filter((e) => e.present === false)).toMatchObject([
      { participantId: second, kitReleased: 2 },
      { participantId: first, kitKept: 1 },
    ]);

    const printed = await printUntil(r, (o) => o.queue.state === 'idle' && o.kits.every((k) => k.state === 'printed'), 'kits 1 and 3 printed');
    expect(printed.kits.map((k) => k.kitIndex)).toEqual([1, 3]);
    expect(sheetsOut().sort()).toEqual([1, 3]);
    expect(buildPrintLog({ db: r.h.core.db }, r.h.clock.now(), r.manifest.packageId)!.kits.map((k) => k.kitIndex)).toEqual([1, 3]);

    // The second participant comes after all: the room's first unused kit is kit 2, the same numbers, printed once.
    await r.h.call(S, 'printing/setPresent', { participantId: second!, present: true });
    expect(await r.h.call(S, 'printing/start', {})).toEqual({ queued: 1 });
    const done = await printUntil(r, (o) => o.queue.state === 'idle' && o.kits.length === 3 && o.kits.every((k) => k.state === 'printed'), 'kit 2 printed');
    expect(done.kits.map((k) => [k.kitIndex, k.participantId, k.attempts])).toEqual([[1, first, 1], [2, second, 1], [3, third, 1]]);
    expect(r.h.core.db.prepare('SELECT kim_number AS kim, registration FROM print_kit WHERE kit_index = 2').get()).toEqual(kit2Numbers);
    expect(sheetsOut().sort()).toEqual([1, 2, 3]);
    expect(done.counters).toEqual({ printed: 3, spoiled: 0, replaced: 0, reserveUsed: 0, remaining: 1 });
    expect(r.journal('printing.kit_printed').map((e) => e.kitIndex)).toEqual([1, 3, 2]);
  });

  it('after printing, nothing decrypted is left: no КИМ text anywhere, kit numbers only in the database and on paper', async () => {
    const r = await open({ roomKits: 3, reserveKits: 2 });
    r.holdKey('main');
    await activate(r);
    await r.markPresent(3);
    await r.h.call(S, 'printing/start', {});
    const done = await printUntil(r, (o) => o.queue.state === 'idle' && o.kits.length === 3 && o.kits.every((k) => k.state === 'printed'), 'the room printed');
    const log = buildPrintLog({ db: r.h.core.db }, r.h.clock.now(), r.manifest.packageId)!;
    const numbers = log.kits.flatMap((k) => [k.kimNumber, k.blanks.registration, k.blanks.answers1, ...k.blanks.answers2]);
    expect(numbers).toHaveLength(15);
    expect(done.kits.map((k) => k.kimNumber).sort()).toEqual(log.kits.map((k) => k.kimNumber).sort());
    // What the КИМ says, as the generator wrote it for these kits: read from the packs with the key the test holds.
    const texts: string[] = [];
    const unprinted: string[] = []; // the reserve kits, never queued: their numbers must be nowhere at all, database included
    for await (const pack of readKitPacks(join(r.drive, 'PPE-PACKAGES', readdirSync(join(r.drive, 'PPE-PACKAGES'))[0]!), r.manifest, r.packageKey, { only: { firstKit: 1, kits: 5 } })) {
      for (const kit of pack.kits) {
        texts.push(...kit.kim.pages.flatMap((p) => p.tasks.map((t) => t.text.split('\n')[0]!.slice(0, 60))));
        if (kit.index > 3) unprinted.push(kit.kim.number, kit.blanks.registration, kit.blanks.answers1, ...kit.blanks.answers2);
      }
    }
    expect(texts.length).toBeGreaterThan(0);
    expect(unprinted).toHaveLength(10);
    const files = filesUnder(r.tmp, (p) => p.startsWith(paper) || p.startsWith(r.store.dir) || p.startsWith(r.drive));
    expect(files.some((f) => f.startsWith(r.h.dataDir))).toBe(true);
    const offences: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(file);
      const sqlite = /ppe\.sqlite(-wal|-shm|-journal)?$/.test(file);
      for (const text of texts) if (bytes.includes(Buffer.from(text, 'utf8'))) offences.push(`КИМ text in ${file}`);
      if (!sqlite) for (const n of numbers) if (holdsNumber(bytes, n)) offences.push(`number ${n} in ${file}`);
      for (const n of unprinted) if (holdsNumber(bytes, n)) offences.push(`unprinted number ${n} in ${file}`);
    }
    expect(offences).toEqual([]);
    // The journal names kits by index only: no КИМ or blank number in any entry.
    const journal = r.h.core.db.prepare<[], { payload: string }>('SELECT payload FROM journal').all().map((e) => e.payload).join('\n');
    for (const n of numbers) expect(journal).not.toContain(n);
    // The local copy of the package is ciphertext: only the manifest and the packs, owner-only.
    const copy = filesUnder(join(r.h.dataDir, 'printing'));
    expect(copy.map((f) => f.slice(f.lastIndexOf('/') + 1)).sort()).toEqual(['0001.bin', 'manifest.json']);
  });
});

/**
 * Whether `bytes` hold the number `n` as a number of its own: not as a run of digits inside a longer one. The
 * reference numbering can make an 8-digit КИМ number part of a printed 13-digit blank number (the series' digits then
 * the kit's serial), which the database rightly holds; a search for the bare digits then finds a number that is not
 * there.
 */
function holdsNumber(bytes: Buffer, n: string): boolean {
  const needle = Buffer.from(n, 'latin1');
  const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) {
    if (!isDigit(bytes[at - 1]) && !isDigit(bytes[at + needle.length])) return true;
  }
  return false;
}
