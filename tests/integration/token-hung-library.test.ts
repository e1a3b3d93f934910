import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pkcs11TokenProvider } from '../../native/token/pkcs11-provider';
import { TokenError } from '../../native/token/token-error';

// A token driver that stops answering must not freeze main. The "driver" here is a real shared library, compiled for
// the test, that is a valid PKCS#11 module whose C_Initialize and C_Finalize return at once and whose every other
// function blocks forever (what a half-pulled token or a reader waiting for a card can do inside the vendor's code).
// Needs a C compiler: .ci/run installs make and g++ (which brings gcc) for better-sqlite3; missing → the test fails.

const HUNG_PKCS11 = `
#include <unistd.h>
typedef unsigned long CK_RV;
static CK_RV ok(void) { return 0; }
static CK_RV hang(void) { for (;;) pause(); return 0; }
static struct { unsigned char major, minor; void *fns[68]; } list;
CK_RV C_GetFunctionList(void **out) {
  list.major = 2; list.minor = 40;
  for (int i = 0; i < 68; i++) list.fns[i] = (void *)hang;
  list.fns[0] = (void *)ok; /* C_Initialize */
  list.fns[1] = (void *)ok; /* C_Finalize */
  *out = &list;
  return 0;
}
`;

describe('a hung token library', () => {
  let dir: string;
  let library: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ppe-hung-pkcs11-'));
    writeFileSync(join(dir, 'hung.c'), HUNG_PKCS11);
    library = join(dir, 'libhung-pkcs11.so');
    try {
      execFileSync('cc', ['-shared', '-fPIC', '-o', library, join(dir, 'hung.c')], { stdio: 'pipe' });
    } catch (e) {
      throw new Error(`cannot compile the hung PKCS#11 stub (install gcc): ${String(e)}`, { cause: e });
    }
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('times out as TIMEOUT while main keeps running, and a later call is bounded too', async () => {
    const provider = new Pkcs11TokenProvider({ libraryPath: library, timeoutMs: 300 });
    let mainRan = false;
    const listing = provider.list().then(
      () => null,
      (e: unknown) => e,
    );
    // Scheduled after the call: it runs while C_GetSlotList hangs on the worker, i.e. main's thread is free.
    setImmediate(() => {
      mainRan = true;
    });
    const first = await listing;
    expect(mainRan).toBe(true);
    expect(first).toBeInstanceOf(TokenError);
    expect((first as TokenError).code).toBe('TIMEOUT');
    expect((first as TokenError).detail).toBe('C_GetSlotList');
    expect((first as TokenError).message).toMatch(/не отвечает/);

    // The abandoned thread stays stuck in native code; the next call starts a fresh worker and is bounded as well.
    const second = await provider.open('any').then(
      () => null,
      (e: unknown) => e,
    );
    expect((second as TokenError).code).toBe('TIMEOUT');
    await provider.close();
  });
});
