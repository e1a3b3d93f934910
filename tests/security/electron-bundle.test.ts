import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Item 10, "packaged builds contain no bridge": the main bundle that ships is built by package.json's build:main;
// build it exactly as that script says (only the output file moved) and look for any trace of the bridge in it.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const out = mkdtempSync(join(tmpdir(), 'ppe-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const BRIDGE_TRACES = ['WebSocketServer', 'bridge-server', 'startBridge', 'serveStatic', 'enable-bridge', 'PPE bridge'];

function buildWithScript(name: string): string {
  const script = pkg.scripts[name];
  expect(script, `package.json script ${name}`).toBeDefined();
  const [tool, ...args] = script!.split(/\s+/);
  expect(tool).toBe('esbuild');
  const outfile = join(out, `${name.replace(/\W/g, '_')}.js`);
  const moved = args.map((a) => (a.startsWith('--outfile=') ? `--outfile=${outfile}` : a)).filter((a) => a !== '--sourcemap');
  execFileSync(join(ROOT, 'node_modules', '.bin', 'esbuild'), [...moved, '--log-level=error'], { cwd: ROOT });
  return readFileSync(outfile, 'utf8');
}

describe('the packaged main bundle', () => {
  it('contains no bridge code at all', () => {
    const bundle = buildWithScript('build:main');
    for (const trace of BRIDGE_TRACES) expect(bundle.includes(trace), trace).toBe(false);
    // It is the real app: the Electron shell and the dispatcher are there.
    expect(bundle.includes('registerSchemesAsPrivileged')).toBe(true);
    expect(bundle.includes('VALIDATION_FAILED')).toBe(true);
  });

  it('the development build with the bridge does carry it (so the check above can see it)', () => {
    const bundle = buildWithScript('build:main:with-bridge');
    expect(bundle.includes('WebSocketServer')).toBe(true);
  });

  it('electron-builder ships neither the bridge folder nor the ws package', () => {
    const yml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^\s*- "!dist\/main\/bridge\/\*\*"\s*$/m);
    expect(yml).toMatch(/^\s*- "!node_modules\/ws\/\*\*"\s*$/m);
  });
});
