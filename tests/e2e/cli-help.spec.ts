import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

// Issue 10, item 7(d), on the built programs (this runs after `npm run build`): --help prints the usage in Russian
// and English and exits 0; an unknown option prints what is wrong and the usage, exits 2, and shows no stack.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, script), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });

for (const script of ['dist/main/bridge/cli.js', 'dist/tests/rcoi-server/cli.js']) {
  test(`${script} --help prints its usage; an unknown option is refused in words with exit 2`, () => {
    const help = run(script, '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Использование / usage:');
    expect(help.stdout).toContain('--help');
    expect(help.stderr).not.toMatch(/TypeError|\n\s+at /);

    const wrong = run(script, '--bogus');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('Неверные параметры / invalid arguments');
    expect(wrong.stderr).toContain('--bogus');
    expect(wrong.stderr).toContain('Использование / usage:');
    expect(wrong.stderr).not.toMatch(/TypeError|\n\s+at /);
    expect(wrong.stdout).toBe('');
  });
}

test('the bridge’s usage keeps --manual-clock', () => {
  expect(run('dist/main/bridge/cli.js', '--help').stdout).toContain('--manual-clock');
});
