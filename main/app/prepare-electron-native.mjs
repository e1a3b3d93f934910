// Builds better-sqlite3 for Electron's ABI, once per Electron version, into .electron-native/electron-<v>/.
//
// Why: better-sqlite3 is not an N-API module. The copy in node_modules is built for Node (the tests and the browser
// shell need exactly that), and rebuilding it in place for Electron (electron-rebuild, install-app-deps) would
// break `npm test`. So Electron gets its own copy, passed to the Database constructor as `nativeBinding`
// (main/app/native-binding.ts), and electron-builder packs it as an extra resource.
//
// First a prebuilt binary for Electron is fetched (prebuild-install); if that fails, it is compiled against
// Electron's headers with node-gyp. Both need the internet once; without it this prints what to do and exits 1.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const target = join(root, '.electron-native', `electron-${electronVersion}`, 'better_sqlite3.node');

if (existsSync(target)) process.exit(0);

const source = dirname(require.resolve('better-sqlite3/package.json'));
const work = mkdtempSync(join(tmpdir(), 'bsql-electron-'));
for (const part of ['package.json', 'binding.gyp', 'src', 'deps', 'lib']) cpSync(join(source, part), join(work, part), { recursive: true });

// The machine-wide nodedir (set for offline Node builds) would silently compile against Node's headers: drop it.
const env = { ...process.env };
for (const k of Object.keys(env)) if (k.toLowerCase() === 'npm_config_nodedir') delete env[k];

const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: work, env, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;

console.log(`Готовлю better-sqlite3 для Electron ${electronVersion}…`);
const ok =
  run(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--platform', process.platform]) ||
  run(bin('node-gyp'), ['rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers']);

const built = join(work, 'build', 'Release', 'better_sqlite3.node');
if (!ok || !existsSync(built)) {
  console.error(
    'Не удалось получить better-sqlite3 для Electron (нужен доступ в интернет один раз). ' +
      'На компьютере без Electron используйте оболочку в браузере: npm run start:browser',
  );
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
cpSync(built, target);
rmSync(work, { recursive: true, force: true });
console.log(`Готово: ${target}`);
