import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CupsPrinterSystem } from '../../native/printer/cups-printer';
import { buildPrintLog } from '../../main/printing/print-log';
import { cupsUnavailable, startPrivateCups, type PrivateCups } from '../support/cups';
import { openPrintingRoom, S, TOKEN_PIN, type PrintingRoom } from '../support/printing-room';
import { readPdfBarcodes } from '../support/read-barcodes';
import { until } from '../support/wait';

// Issue 12, item 8: a room of kits printed by the room station's printing service to a real CUPS queue (a private
// cupsd with the cups-pdf backend, tests/support/cups.ts; root needed, as printer-cups.test.ts), the PDFs that came out
// rendered with pdftoppm and every barcode read back with zxing — an independent decoder — matching the print log
// exactly. CUPS's own copies of the documents are gone from its spool when the room's printing is done.

const skip = cupsUnavailable();
if (skip !== null) console.warn(`printing-cups tests skipped: ${skip}`);

const QUEUE = 'PPE_ROOM_PDF';

describe.skipIf(skip !== null)('printing a room of kits through CUPS', () => {
  let cups: PrivateCups;
  let room: PrintingRoom;

  beforeAll(async () => {
    cups = await startPrivateCups();
    cups.addPdfQueue(QUEUE, 'Аудитория 0101');
    room = await openPrintingRoom({ printer: new CupsPrinterSystem({ server: cups.socket }), printPollMs: 100 }, { roomKits: 4, reserveKits: 1, pagesPerKim: 2 });
  });

  afterAll(async () => {
    await room?.close();
    await cups?.stop();
  });

  it('prints every kit once, and the barcodes on the paper are exactly the print log\'s numbers', async () => {
    const r = room;
    r.holdKey('main');
    await r.h.call(S, 'printing/choosePrinter', { printer: QUEUE });
    await r.h.call(S, 'printing/activate', { tokenSerial: null, tokenPin: TOKEN_PIN });
    await r.markPresent(4);
    expect(await r.h.call(S, 'printing/start', {})).toEqual({ queued: 4 });
    const done = await until(
      () => r.h.call(S, 'printing/overview', {}),
      (o) => o.queue.state === 'idle' && o.kits.length === 4 && o.kits.every((k) => k.state === 'printed'),
      'the room printed through CUPS',
      120_000,
    );
    expect(done.kits.map((k) => k.attempts)).toEqual([1, 1, 1, 1]);
    const log = buildPrintLog({ db: r.h.core.db }, r.h.clock.now(), r.manifest.packageId)!;
    expect(log.kits).toHaveLength(4);

    // cups-pdf names its output after the job title (PPE-kit-<index>, never a number printed on the kit).
    const outputs = await until(async () => readdirSync(cups.outputDir).filter((f) => f.endsWith('.pdf')), (f) => f.length === 4, 'four PDFs out of cups-pdf');
    const read = new Map<number, string[]>();
    for (const file of outputs) {
      const index = Number(/^PPE-kit-(\d+)/.exec(file)?.[1]);
      expect(read.has(index)).toBe(false);
      const pages = await readPdfBarcodes(readFileSync(join(cups.outputDir, file)));
      // 2 КИМ pages + 4 blanks; the КИМ's barcode is on its first page.
      expect(pages).toHaveLength(6);
      read.set(index, [...new Set(pages.flat())].sort());
    }
    for (const kit of log.kits) {
      const expected = [kit.kimNumber, kit.blanks.registration, kit.blanks.answers1, ...kit.blanks.answers2].sort();
      expect({ kit: kit.kitIndex, barcodes: read.get(kit.kitIndex) }).toEqual({ kit: kit.kitIndex, barcodes: expected });
    }
    expect([...read.keys()].sort()).toEqual(log.kits.map((k) => k.kitIndex));

    // CUPS's copies of the documents (d<job>-001) are deleted once the queue is done: nothing of a kit stays spooled.
    await until(async () => readdirSync(cups.spoolDir).filter((f) => /^d\d+-\d+$/.test(f)), (f) => f.length === 0, 'the spool emptied');
  });
});
