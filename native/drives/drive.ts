// Removable drives (флешки): the main and reserve drives the technical specialist writes exam internet packages
// onto, and the transfer drive that carries messages between the HQ station and room stations.
// This file is the interface only; adapters (real and simulated) live next to it.

export type DriveFileSystem = 'fat32' | 'exfat' | 'ntfs' | 'ext4' | 'other';

export interface DriveInfo {
  /** Stable identity across re-insertion: the serial if the hardware reports one, else label+size. */
  id: string;
  serial: string | null;
  label: string | null;
  sizeBytes: number;
  freeBytes: number;
  /** Where the OS mounted it; every file operation goes through this path. */
  mountPath: string;
  fileSystem: DriveFileSystem;
  readOnly: boolean;
}

export interface DriveProvider {
  list(): Promise<DriveInfo[]>;
  /**
   * Calls onChange with the full list whenever the set of drives (or a drive's identity, mount or write
   * protection) changes, and once at start. Returns a function that stops watching.
   */
  watch(onChange: (drives: DriveInfo[]) => void, intervalMs?: number): () => void;
}

/** The identity rule in one place, so that every adapter agrees on what "the same drive" means. */
export function driveId(serial: string | null, label: string | null, sizeBytes: number): string {
  if (serial !== null && serial.trim() !== '') return `serial:${serial.trim()}`;
  return `label:${label ?? ''}:${sizeBytes}`;
}

export { DriveError, osCodeOf, toDriveError, type DriveErrorCode } from './drive-error';
