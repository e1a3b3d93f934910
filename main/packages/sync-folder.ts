import { open, type FileHandle } from 'node:fs/promises';

/**
 * fsyncs a folder, so a rename inside it survives a power cut. Where that cannot be done — Windows cannot open a
 * folder as a file, FAT through FUSE refuses fsync — the files themselves were synced and this is a no-op.
 */
export async function syncFolder(folder: string): Promise<void> {
  let fh: FileHandle;
  try {
    fh = await open(folder, 'r');
  } catch {
    return;
  }
  try {
    await fh.sync();
  } catch {
    // See above: the file system does not sync folders.
  } finally {
    await fh.close();
  }
}
