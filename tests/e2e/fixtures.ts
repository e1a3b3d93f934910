import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Started {
  process: ChildProcess;
  line: string;
}

/** Starts a built CLI as a real child process and waits for the line that says where it listens. */
export function startProcess(script: string, args: string[], pattern: RegExp): Promise<Started> {
  const file = join(ROOT, script);
  if (!existsSync(file)) throw new Error(`${script} is not built: run npm run build first`);
  const child = spawn(process.execPath, [file, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${out}${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ process: child, line: m[1]! });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}: ${out}${err}`));
    });
  });
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export interface App {
  url: string;
  dataDir: string;
  rcoiUrl: string;
}

interface Fixtures {
  appOptions: { idleLockSeconds?: number; sync?: boolean; clockStart?: string; notSetUp?: boolean };
  app: App;
}
interface WorkerFixtures {
  rcoi: { url: string };
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  rcoi: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'ppe-e2e-rcoi-'));
      const started = await startProcess(
        'dist/tests/rcoi-server/cli.js',
        ['--demo', '--port', '0', '--db', join(dir, 'rcoi.sqlite')],
        /listening on (http:\/\/127\.0\.0\.1:\d+)/,
      );
      await use({ url: started.line });
      await stop(started.process);
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  appOptions: [{}, { option: true }],
  app: async ({ rcoi, appOptions }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ppe-e2e-app-'));
    // The demo PPE, asked for explicitly (a fresh data folder is otherwise a station that is not set up).
    const args = ['--data-dir', dataDir, '--port', '0', '--rcoi-url', rcoi.url, ...(appOptions.notSetUp ? [] : ['--demo'])];
    if (appOptions.idleLockSeconds) args.push('--idle-lock-seconds', String(appOptions.idleLockSeconds));
    if (appOptions.sync === false) args.push('--no-sync');
    if (appOptions.clockStart) args.push('--clock-start', appOptions.clockStart);
    const started = await startProcess('dist/main/bridge/cli.js', args, /PPE bridge: (\S+)/);
    await use({ url: started.line, dataDir, rcoiUrl: rcoi.url });
    await stop(started.process);
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };

