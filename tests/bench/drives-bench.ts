import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_FILE } from '../../main/packages/package-format';
import { writePackageToTargets } from '../../main/packages/write-package';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { buildPackage } from '../rcoi-server/package-builder';

// bench:drives — a 1 GiB internet package written to the main and the reserve drive at once by the app
// (writePackageToTargets: one read of the source, temporary names, fsync per file, rename, manifest last, then every
// byte of both drives read back and hashed against the manifest), against what a person would type in a shell:
// `cp -r` to both drives, `sync`, `sha256sum` of every file of both copies. The "drives" are two folders on this
// machine's disk. The runs alternate, twice each, taking turns at going first; the best run of each side counts.

const MIB = 1024 * 1024;
const PACKAGE_MIB = Number(process.env.BENCH_MIB ?? 1024);
const ROUNDS = 2;
// Five kits make a pack: 1.6 MiB a kit gives the ~8 MiB pack files of a real package.
const BYTES_PER_KIT = Math.round(1.6 * MIB);
const KITS_PER_ROOM = 25;

const dir = mkdtempSync(join(tmpdir(), 'ppe-bench-drives-'));
const source = join(dir, 'download');

// The package (not timed): full rooms of 25 kits, the rest reserve kits.
const kits = Math.max(1, Math.round((PACKAGE_MIB * MIB) / BYTES_PER_KIT));
const { manifest } = buildPackage(source, {
  regionCode: '42',
  ppeCode: '0412',
  exam: { date: '2026-06-03', subjectCode: 12, form: 'EGE', dayKind: 'main' },
  rooms: Array.from({ length: Math.floor(kits / KITS_PER_ROOM) }, (_, i) => ({
    auditoriumCode: String(101 + i).padStart(4, '0'),
    kits: KITS_PER_ROOM,
  })),
  reserveKits: kits % KITS_PER_ROOM,
  bytesPerKit: BYTES_PER_KIT,
}, loadDemoSigningKey());
const manifestText = readFileSync(join(source, MANIFEST_FILE), 'utf8');
const packageMib = manifest.files.reduce((n, f) => n + f.size, 0) / MIB;
console.log(`package: ${manifest.files.length} files, ${packageMib.toFixed(0)} MiB`);

const drives = ['driveA', 'driveB'].map((d) => join(dir, d));
const targetsOf = () => drives.map((d) => join(d, 'PPE_PACKAGES', manifest.packageId));

/** Not timed: the previous run's copies go, and nothing written before is left for the next run to flush. */
function clearDrives(): void {
  for (const d of drives) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(join(d, 'PPE_PACKAGES'), { recursive: true });
  }
  spawnSync('sync');
}

async function runApp(): Promise<number> {
  const t = performance.now();
  const outcomes = await writePackageToTargets(source, manifest, manifestText, targetsOf().map((folder) => ({
    folder,
    freeBytes: Number.MAX_SAFE_INTEGER,
    fileSystem: 'ext4' as const,
  })));
  const ms = performance.now() - t;
  for (const o of outcomes) if (!o.ok || !o.verification.ok) throw new Error(`app write failed: ${JSON.stringify(o)}`);
  return ms;
}

async function runShell(): Promise<number> {
  const [a, b] = targetsOf();
  const script = `cp -r "$0" "$1" && cp -r "$0" "$2" && sync && find "$1" "$2" -type f -exec sha256sum {} + >/dev/null`;
  const t = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    spawn('sh', ['-c', script, source, a!, b!], { stdio: 'inherit' }).on('exit', resolve).on('error', reject);
  });
  const ms = performance.now() - t;
  if (code !== 0) throw new Error(`shell copy failed: exit ${code}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

try {
  // Not timed: the package just built goes to the disk, and one plain copy to both drives is made and removed. On
  // this virtual machine the first use of fresh page-cache memory is slow (the host backs it on first touch); without
  // this, whichever side runs first pays for it.
  spawnSync('sync');
  clearDrives();
  spawnSync('sh', ['-c', 'cp -r "$0" "$1" && cp -r "$0" "$2"', source, ...targetsOf()], { stdio: 'inherit' });
  const appMs: number[] = [];
  const shellMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['app', 'shell'] as const) : (['shell', 'app'] as const);
    for (const side of order) {
      clearDrives();
      const ms = side === 'app' ? await runApp() : await runShell();
      (side === 'app' ? appMs : shellMs).push(ms);
      console.log(`round ${round + 1} ${side.padEnd(5)} ${(ms / 1000).toFixed(2)} s`);
    }
  }
  const app = Math.min(...appMs);
  const shell = Math.min(...shellMs);
  console.log(`app:   best ${(app / 1000).toFixed(2)} s, median ${(median(appMs) / 1000).toFixed(2)} s`);
  console.log(`shell: best ${(shell / 1000).toFixed(2)} s, median ${(median(shellMs) / 1000).toFixed(2)} s`);
  console.log(`RESULT drives ratio=${(app / shell).toFixed(2)} mib_per_s=${Math.round(packageMib / (app / 1000))}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
