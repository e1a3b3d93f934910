import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../kernel/app-error';
import { rcoiGetText } from '../rcoi/rcoi-get';
import type { CryptoSuite } from '../crypto/crypto-suite';
import { osCodeOf } from '../../native/drives/drive';
import { DownloadDiskError, DownloadHttpError, DownloadTooLongError, downloadInto, hashPrefix } from '../rcoi/http-download';
import { syncFolder } from './sync-folder';
import { MANIFEST_FILE, MANIFEST_MAX_BYTES, type PackageManifest } from './package-format';
import { readManifest, type ExpectedPackage } from './read-manifest';

export interface DownloadProgress {
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number;
}

export interface DownloadJob {
  baseUrl: string;
  packageId: string;
  /** The package folder on this computer; its manifest appears last, when every file is whole. */
  folder: string;
  pinnedRcoiKey: string;
  crypto: CryptoSuite;
  expected: ExpectedPackage;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Downloads an internet package, resumable across dropped connections and restarts: each file grows in
 * `<path>.partial` and continues with an HTTP Range request from where it stopped, its SHA-256 computed while it
 * streams (the bytes already on disk are hashed first); a file whose size or hash is wrong is thrown away. The
 * signed manifest is checked before a byte of the packs is fetched, and written into the folder last, so a
 * folder with a manifest holds a whole, verified package.
 */
export async function downloadPackage(job: DownloadJob): Promise<PackageManifest> {
  const base = `${job.baseUrl.replace(/\/$/, '')}/api/v1/packages/${encodeURIComponent(job.packageId)}`;
  const manifestText = await fetchText(`${base}/${MANIFEST_FILE}`, job.timeoutMs ?? 60_000);
  const manifest = readManifest(manifestText, job.pinnedRcoiKey, job.crypto, job.expected);
  if (manifest.packageId !== job.packageId) throw new AppError('PACKAGE_MANIFEST_BAD', { reason: 'content', path: 'packageId' });
  mkdirSync(job.folder, { recursive: true });
  rmSync(join(job.folder, MANIFEST_FILE), { force: true });

  const total = manifest.files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  const started = Date.now();
  let fetched = 0;
  const report = () => job.onProgress?.({ bytesDone: done, bytesTotal: total, bytesPerSecond: fetched / Math.max(0.001, (Date.now() - started) / 1000) });

  for (const file of manifest.files) {
    const final = join(job.folder, ...file.path.split('/'));
    // Finished in an earlier run — or so it seems: a file of the right size counts only once its bytes hash to
    // what the manifest signs; anything else there is thrown away and fetched again.
    if (sizeOf(final) === file.size && (await sha256Of(final, file.size)) === file.sha256) {
      done += file.size;
      report();
      continue;
    }
    rmSync(final, { force: true });
    mkdirSync(dirname(final), { recursive: true });
    const partial = `${final}.partial`;
    const fh = await open(partial, sizeOf(partial) === null ? 'w+' : 'r+');
    try {
      let have = Math.min(sizeOf(partial) ?? 0, file.size);
      await fh.truncate(have);
      const hash = await hashPrefix(fh, have);
      done += have;
      if (have < file.size) {
        await downloadInto(new URL(`${base}/files/${file.path}`), fh, have, hash, {
          // The signed size bounds the body: a server sending more is cut off, never read on.
          maxBytes: file.size - have,
          timeoutMs: job.timeoutMs ?? 60_000,
          signal: job.signal,
          onBytes: (n) => {
            done += n;
            fetched += n;
            report();
          },
        }).catch(async (e: unknown) => {
          if (e instanceof DownloadTooLongError && !job.signal?.aborted) {
            // Not the file the manifest signs: what arrived is worthless, resuming from it would be too.
            await fh.close().catch(() => undefined);
            rmSync(partial, { force: true });
            throw new AppError('PACKAGE_DOWNLOAD_CORRUPT', { path: file.path });
          }
          throw job.signal?.aborted ? e : asDownloadError(e, base);
        });
        have = file.size;
      }
      await fh.sync();
      if ((await fh.stat()).size !== file.size || hash.digest('hex') !== file.sha256) {
        await fh.close();
        rmSync(partial, { force: true });
        throw new AppError('PACKAGE_DOWNLOAD_CORRUPT', { path: file.path });
      }
    } finally {
      await fh.close().catch(() => undefined);
    }
    renameSync(partial, final);
  }
  // Synced before the caller records "downloaded": after a power cut the manifest is there, whole, or not at all.
  const temp = join(job.folder, `${MANIFEST_FILE}.partial`);
  const mf = await open(temp, 'w');
  try {
    await mf.writeFile(manifestText);
    await mf.sync();
  } finally {
    await mf.close();
  }
  renameSync(temp, join(job.folder, MANIFEST_FILE));
  await syncFolder(job.folder);
  return manifest;
}

/**
 * What a failed file transfer means to a person: RCOI answered wrongly, the network dropped (resume later), or this
 * computer's disk could not take the bytes (free space, then resume). What arrived stays in the .partial file.
 */
function asDownloadError(e: unknown, base: string): AppError {
  if (e instanceof DownloadHttpError) return new AppError('RCOI_BAD_RESPONSE', { status: e.status });
  if (e instanceof DownloadDiskError) return new AppError('PACKAGE_LOCAL_DISK', { osCode: osCodeOf(e.cause) ?? 'unknown' });
  return new AppError('RCOI_UNREACHABLE', { url: new URL(base).origin });
}

function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/** SHA-256 of a file already in the folder, read no further than `size` bytes; null if it cannot be read. */
async function sha256Of(path: string, size: number): Promise<string | null> {
  try {
    const fh = await open(path, 'r');
    try {
      return (await hashPrefix(fh, size)).digest('hex');
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
}

/** The manifest, capped: a look-alike server cannot make the app buffer an endless body. */
function fetchText(url: string, timeoutMs: number): Promise<string> {
  return rcoiGetText(url, { timeoutMs, maxBytes: MANIFEST_MAX_BYTES, tooLarge: () => new AppError('PACKAGE_MANIFEST_BAD', { reason: 'too_large' }) });
}
