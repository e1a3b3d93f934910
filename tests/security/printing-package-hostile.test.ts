import { readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedPrinterSystem } from '../../native/printer/simulated-printer';
import { openPrintingRoom, S, TOKEN_PIN, type PrintingRoom } from '../support/printing-room';

// The room station copies the day's package from the transfer drive at the first activation (main/printing/
// local-package.ts). The drive may have been anywhere: a pack replaced by a link to a file of this computer, or
// changed by a byte, is refused before anything is copied or the token is asked; the roles that may not print cannot.

let room: PrintingRoom | null = null;

afterEach(async () => {
  await room?.close();
  room = null;
});

async function open(): Promise<PrintingRoom> {
  room = await openPrintingRoom({ printer: new SimulatedPrinterSystem({ outputDir: '/nonexistent-paper-tray' }) }, { roomKits: 2, reserveKits: 1 });
  room.holdKey('main');
  return room;
}

function packsFolder(r: PrintingRoom): string {
  const pkg = join(r.drive, 'PPE-PACKAGES', readdirSync(join(r.drive, 'PPE-PACKAGES'))[0]!);
  return join(pkg, 'packs');
}

describe('the package on the transfer drive, copied at activation', () => {
  it('a pack replaced by a link is refused and nothing is copied', async () => {
    const r = await open();
    const pack = join(packsFolder(r), readdirSync(packsFolder(r))[0]!);
    const elsewhere = join(r.tmp, 'secret-of-this-computer');
    writeFileSync(elsewhere, 'not a pack');
    rmSync(pack);
    symlinkSync(elsewhere, pack);
    const refused = await r.h.fail(S, 'printing/activate', { tokenSerial: null, tokenPin: TOKEN_PIN });
    expect(refused.code).toBe('DRIVE_COPY_NOT_REGULAR');
    expect(r.h.core.db.prepare('SELECT count(*) AS n FROM print_local_package').get()).toEqual({ n: 0 });
    expect(r.journal('printing.key_activated')).toEqual([]);
  });

  it('a pack changed by a byte is refused as a damaged copy', async () => {
    const r = await open();
    const pack = join(packsFolder(r), readdirSync(packsFolder(r))[0]!);
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(pack);
    bytes[bytes.length - 1]! ^= 0x01;
    writeFileSync(pack, bytes);
    expect((await r.h.fail(S, 'printing/activate', { tokenSerial: null, tokenPin: TOKEN_PIN })).code).toBe('DRIVE_COPY_FILE_CORRUPT');
    expect(r.h.core.db.prepare('SELECT count(*) AS n FROM print_local_package').get()).toEqual({ n: 0 });
  });

  it('a GEK member may read the printing screen but not print; the organiser may', async () => {
    const r = await open();
    await r.h.signInAs('gek', 5);
    expect((await r.h.call('gek', 'printing/overview', {})).key.state).toBe('loaded');
    expect((await r.h.fail('gek', 'printing/activate', { tokenSerial: null, tokenPin: TOKEN_PIN })).code).toBe('FORBIDDEN');
    expect((await r.h.fail('gek', 'printing/start', {})).code).toBe('FORBIDDEN');
    await r.h.signInAs('organiser', 2);
    await r.h.call('organiser', 'printing/activate', { tokenSerial: null, tokenPin: TOKEN_PIN });
    expect((await r.h.call('organiser', 'printing/overview', {})).key.state).toBe('active');
  });
});
