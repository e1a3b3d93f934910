import { describe, expect, it } from 'vitest';
import { parseWindowsVolumes, WindowsCimDriveProvider } from '../../native/drives/windows-cim';

// What WINDOWS_VOLUMES_SCRIPT prints on an HQ laptop with: the main drive (FAT32), the reserve drive (exFAT, write-
// protect switch on: Access 1), a card reader slot with no card (no file system), and a stick with two lettered
// partitions. Written from the documented Win32_DiskDrive / Win32_LogicalDisk properties: there is no Windows on
// the build machines, so this adapter has not run on a real one here.
const FIXTURE = JSON.stringify([
  { letter: 'E:', label: 'PPE_MAIN', fileSystem: 'FAT32', size: 15517876224, free: 15001234432, serial: '4C530001230611118453', access: 0, partition: 0 },
  { letter: 'F:', label: 'RESERVE', fileSystem: 'exFAT', size: 31042043904, free: 31000000000, serial: '  0000000000001B2F ', access: 1, partition: 0 },
  { letter: 'G:', label: null, fileSystem: null, size: null, free: null, serial: 'CARDREADER', access: null, partition: 0 },
  { letter: 'H:', label: 'PART1', fileSystem: 'NTFS', size: 32000000000, free: 1000, serial: 'TWO-PARTS', access: 0, partition: 0 },
  { letter: 'I:', label: 'PART2', fileSystem: 'FAT', size: 2000000000, free: 2000, serial: 'TWO-PARTS', access: 0, partition: 1 },
]);

describe('Windows drives through CIM', () => {
  it('turns the script’s output into drives with stable identities, file systems and write protection', () => {
    expect(parseWindowsVolumes(FIXTURE)).toEqual([
      { id: 'serial:4C530001230611118453', serial: '4C530001230611118453', label: 'PPE_MAIN', sizeBytes: 15517876224, freeBytes: 15001234432, mountPath: 'E:\\', fileSystem: 'fat32', readOnly: false },
      { id: 'serial:0000000000001B2F', serial: '0000000000001B2F', label: 'RESERVE', sizeBytes: 31042043904, freeBytes: 31000000000, mountPath: 'F:\\', fileSystem: 'exfat', readOnly: true },
      { id: 'serial:TWO-PARTS#1', serial: 'TWO-PARTS', label: 'PART1', sizeBytes: 32000000000, freeBytes: 1000, mountPath: 'H:\\', fileSystem: 'ntfs', readOnly: false },
      { id: 'serial:TWO-PARTS#2', serial: 'TWO-PARTS', label: 'PART2', sizeBytes: 2000000000, freeBytes: 2000, mountPath: 'I:\\', fileSystem: 'fat32', readOnly: false },
    ]);
  });

  it('reads “no drives” from an empty array or empty output, and refuses output it does not understand', async () => {
    expect(parseWindowsVolumes('[]')).toEqual([]);
    expect(parseWindowsVolumes('')).toEqual([]);
    expect(() => parseWindowsVolumes('{"letter":"E:"}')).toThrow();
    expect(await new WindowsCimDriveProvider(async () => FIXTURE).list()).toHaveLength(4);
  });
});
