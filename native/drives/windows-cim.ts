import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import { driveId, type DriveFileSystem, type DriveInfo, type DriveProvider } from './drive';
import { ByteCount, OptionalText } from './os-output-fields';
import { pollWatch } from './poll-watch';

// The real adapter on Windows: PowerShell asks CIM (present since Windows 7 / PowerShell 3) which disks hang on USB
// or are removable, follows them to their partitions and lettered volumes, and prints one JSON array in a shape of
// our own. Only Node and PowerShell are needed: no native module to rebuild for Electron.
//
// Not run on Windows in CI (the build machines are Linux); parseWindowsVolumes is tested against output written from
// the documented Win32_DiskDrive / Win32_LogicalDisk properties.

/**
 * Win32_LogicalDisk.Access: 1 is "readable" only, which is how a stick with its write-protect switch on shows up.
 * ConvertTo-Json -InputObject @(...) prints an array even for zero or one drive.
 */
export const WINDOWS_VOLUMES_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  '[Console]::OutputEncoding = [System.Text.Encoding]::UTF8',
  '$out = @()',
  "foreach ($d in Get-CimInstance Win32_DiskDrive | Where-Object { $_.InterfaceType -eq 'USB' -or $_.MediaType -like 'Removable*' }) {",
  '  foreach ($p in Get-CimAssociatedInstance -InputObject $d -ResultClassName Win32_DiskPartition) {',
  '    foreach ($l in Get-CimAssociatedInstance -InputObject $p -ResultClassName Win32_LogicalDisk) {',
  '      $out += [pscustomobject]@{ letter = $l.DeviceID; label = $l.VolumeName; fileSystem = $l.FileSystem; size = $l.Size; free = $l.FreeSpace; serial = $d.SerialNumber; access = $l.Access; partition = $p.Index }',
  '    }',
  '  }',
  '}',
  'ConvertTo-Json -InputObject @($out) -Compress',
].join('\n');

const Volume = z.object({
  letter: z.string().regex(/^[A-Za-z]:$/),
  label: OptionalText,
  fileSystem: OptionalText,
  size: ByteCount,
  free: ByteCount,
  serial: OptionalText,
  access: z.number().int().nullish(),
  partition: z.number().int().nullish(),
});

function fileSystemOf(name: string | null): DriveFileSystem {
  switch (name?.toUpperCase()) {
    // FAT12/16 share FAT32's 4 GiB file limit; treating them as fat32 errs on the safe side.
    case 'FAT':
    case 'FAT32':
      return 'fat32';
    case 'EXFAT':
      return 'exfat';
    case 'NTFS':
      return 'ntfs';
    default:
      return 'other';
  }
}

/** Turns the script's JSON into drives; a volume without a file system (unformatted, no media) is left out. */
export function parseWindowsVolumes(json: string): DriveInfo[] {
  const volumes = z.array(Volume).parse(JSON.parse(json.trim() === '' ? '[]' : json));
  const perSerial = new Map<string, number>();
  for (const v of volumes) if (v.serial) perSerial.set(v.serial, (perSerial.get(v.serial) ?? 0) + 1);
  return volumes
    .filter((v) => v.fileSystem !== null && v.size > 0)
    .map((v) => {
      let id = driveId(v.serial, v.label, v.size);
      // Two lettered partitions on one stick share its serial; the partition index keeps them apart.
      if (v.serial && (perSerial.get(v.serial) ?? 0) > 1 && v.partition !== null && v.partition !== undefined) id += `#${v.partition + 1}`;
      return {
        id,
        serial: v.serial,
        label: v.label,
        sizeBytes: v.size,
        freeBytes: v.free,
        mountPath: `${v.letter.toUpperCase()}\\`,
        fileSystem: fileSystemOf(v.fileSystem),
        readOnly: v.access === 1,
      };
    });
}

const execFileAsync = promisify(execFile);

async function runPowerShell(): Promise<string> {
  const { stdout } = await execFileAsync(
    'powershell.exe',
    ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', WINDOWS_VOLUMES_SCRIPT],
    // A hung USB device can stall CIM; a poll must not hang with it.
    { timeout: 15_000, windowsHide: true, maxBuffer: 4 * 1024 * 1024 },
  );
  return stdout;
}

export class WindowsCimDriveProvider implements DriveProvider {
  constructor(private readonly run: () => Promise<string> = runPowerShell) {}

  async list(): Promise<DriveInfo[]> {
    return parseWindowsVolumes(await this.run());
  }

  /** Every 2 s: starting PowerShell costs a few hundred milliseconds of one core. */
  watch(onChange: (drives: DriveInfo[]) => void, intervalMs = 2_000): () => void {
    return pollWatch(() => this.list(), onChange, intervalMs);
  }
}
