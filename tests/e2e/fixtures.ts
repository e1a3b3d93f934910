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

/**
 * Starts a built CLI as a real child process and waits for the line that says where it listens. `env` adds to this
 * process's environment (e.g. NODE_EXTRA_CA_CERTS for a station that trusts a test certificate).
 */
export function startProcess(
  script: string,
  args: string[],
  pattern: RegExp,
  stdin: 'ignore' | 'pipe' = 'ignore',
  env: NodeJS.ProcessEnv = {},
): Promise<Started> {
  const file = join(ROOT, script);
  if (!existsSync(file)) throw new Error(`${script} is not built: run npm run build first`);
  const child = spawn(process.execPath, [file, ...args], { cwd: ROOT, stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, ...env } });
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
  /**
   * With `manualClock`: moves main's clock forward and resolves once main has swept idle sessions at the new time
   * (main/bridge/manual-clock.ts). Main's clock stands still otherwise, so real seconds never count.
   */
  advanceClock(ms: number): Promise<void>;
}

interface Fixtures {
  appOptions: { idleLockSeconds?: number; sync?: boolean; clockStart?: string; notSetUp?: boolean; manualClock?: boolean };
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
    if (appOptions.manualClock) args.push('--manual-clock');
    const started = await startProcess('dist/main/bridge/cli.js', args, /PPE bridge: (\S+)/, appOptions.manualClock ? 'pipe' : 'ignore');
    await use({ url: started.line, dataDir, rcoiUrl: rcoi.url, advanceClock: clockControl(started.process, appOptions.manualClock === true) });
    await stop(started.process);
    rmSync(dataDir, { recursive: true, force: true });
  },
});

/** Writes `advance <ms>` to the bridge and waits for its `PPE clock:` answer; one move at a time. */
function clockControl(child: ChildProcess, enabled: boolean): (ms: number) => Promise<void> {
  if (!enabled) return () => Promise.reject(new Error('advanceClock needs appOptions.manualClock'));
  let buffered = '';
  const waiting: ((line: string) => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    let end: number;
    while ((end = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line.startsWith('PPE clock: ')) waiting.shift()?.(line);
    }
  });
  let last: Promise<void> = Promise.resolve();
  return (ms) =>
    (last = last.then(async () => {
      const answer = new Promise<string>((resolve) => waiting.push(resolve));
      child.stdin!.write(`advance ${ms}\n`);
      const line = await answer;
      if (!/^PPE clock: \d{4}-/.test(line)) throw new Error(`the bridge refused to move its clock: ${line}`);
    }));
}

export { expect };

