import type { Drive } from 'drivelist';
import { describe, expect, it } from 'vitest';
import { classifyDrivelist, DrivelistDriveProvider } from '../../native/drives/drivelist-detector';
import { fileSystemOfMountType, parseMacMount, parseProcMounts } from '../../native/drives/mount-table';
import { platformDriveProvider } from '../../native/drives/platform-provider';

// What drivelist 12.0.2's list() returns on a MacBook at the HQ with: the internal disk and its APFS container (which
// drivelist folds into the physical disk and marks virtual), the main drive (FAT32), the reserve drive (exFAT,
// write-protect switch on), an NTFS stick that macOS mounts read-only, a mounted installer image, and an empty SD
// slot. Written from drivelist's `Drive` type (js/index.d.ts) and its DiskArbitration code (src/darwin/list.mm):
// there is no Mac on the build machines, so this adapter has not run on a real one here.
const usbStick = {
  enumerator: 'DiskArbitration', busType: 'USB', busVersion: null, devicePath: 'IODeviceTree:/PCI0@0/XHC1@14', error: null,
  blockSize: 512, logicalBlockSize: 512, isCard: null, isSCSI: false, isUSB: true, isUAS: null, isSystem: false,
  isVirtual: false, isRemovable: true, partitionTableType: 'mbr' as const,
};
const FIXTURE: Drive[] = [
  { ...usbStick, device: '/dev/disk0', raw: '/dev/rdisk0', description: 'APPLE SSD AP0512Q', busType: 'Apple Fabric', isUSB: false,
    size: 500277792768, mountpoints: [], isReadOnly: false, isSystem: true, isRemovable: false, partitionTableType: 'gpt' },
  { ...usbStick, device: '/dev/disk3', raw: '/dev/rdisk3', description: 'AppleAPFSMedia', busType: 'Apple Fabric', isUSB: false,
    size: 494384795648, mountpoints: [{ path: '/', label: 'Macintosh HD' }, { path: '/System/Volumes/Data', label: 'Data' }],
    isReadOnly: false, isSystem: true, isVirtual: true, isRemovable: false },
  { ...usbStick, device: '/dev/disk4', raw: '/dev/rdisk4', description: 'SanDisk Ultra', size: 15518924800,
    mountpoints: [{ path: '/Volumes/PPE_MAIN', label: 'PPE_MAIN' }], isReadOnly: false },
  { ...usbStick, device: '/dev/disk5', raw: '/dev/rdisk5', description: 'Kingston DataTraveler', size: 31042043904,
    mountpoints: [{ path: '/Volumes/RESERVE (1)', label: ' RESERVE ' }], isReadOnly: true },
  { ...usbStick, device: '/dev/disk6', raw: '/dev/rdisk6', description: 'Transcend', size: 64023257088,
    mountpoints: [{ path: '/Volumes/WIN DATA', label: 'WIN DATA' }], isReadOnly: false },
  { ...usbStick, device: '/dev/disk7', raw: '/dev/rdisk7', description: 'Installer', busType: 'Virtual Interface', isUSB: false,
    size: 1073741824, mountpoints: [{ path: '/Volumes/Installer', label: 'Installer' }], isReadOnly: true, isVirtual: true },
  { ...usbStick, device: '/dev/disk8', raw: '/dev/rdisk8', description: 'SD Card Reader', size: null, mountpoints: [], isReadOnly: false },
];

// /sbin/mount on that Mac (mount(8): "device on path (type, options…)").
const MAC_MOUNT = [
  '/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)',
  '/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse, protect, root data)',
  'map auto_home on /System/Volumes/Data/home (autofs, automounted, nobrowse)',
  '/dev/disk4s1 on /Volumes/PPE_MAIN (msdos, local, nodev, nosuid, noowners, noatime, mounted by tech)',
  '/dev/disk5s1 on /Volumes/RESERVE (1) (exfat, local, nodev, nosuid, noowners, mounted by tech)',
  '/dev/disk6s1 on /Volumes/WIN DATA (ntfs, local, nodev, nosuid, read-only, noowners, mounted by tech)',
  '/dev/disk7s1 on /Volumes/Installer (hfs, local, nodev, nosuid, read-only, journaled, noowners, quarantine, mounted by tech)',
  '',
].join('\n');

describe('classifyDrivelist', () => {
  it('keeps mounted volumes on removable disks and says why every other disk is left out', () => {
    const { volumes, skipped } = classifyDrivelist(FIXTURE);
    expect(volumes).toEqual([
      { device: '/dev/disk4', mountPath: '/Volumes/PPE_MAIN', label: 'PPE_MAIN', diskSizeBytes: 15518924800, readOnly: false },
      { device: '/dev/disk5', mountPath: '/Volumes/RESERVE (1)', label: 'RESERVE', diskSizeBytes: 31042043904, readOnly: true },
      { device: '/dev/disk6', mountPath: '/Volumes/WIN DATA', label: 'WIN DATA', diskSizeBytes: 64023257088, readOnly: false },
    ]);
    expect(skipped).toEqual([
      { device: '/dev/disk0', reason: 'system' },
      { device: '/dev/disk3', reason: 'virtual' },
      { device: '/dev/disk7', reason: 'virtual' },
      { device: '/dev/disk8', reason: 'not-mounted' },
    ]);
  });

  it('takes an external USB disk the OS does not call removable, never a booted stick’s root, and refuses foreign output', () => {
    const usbHdd = { ...FIXTURE[2], device: '/dev/sdb', isRemovable: false, isUSB: true };
    const bootedStick = { ...FIXTURE[2], device: '/dev/sdc', mountpoints: [{ path: '/', label: null }, { path: '/boot/efi', label: null }] };
    const sataDisk = { ...FIXTURE[2], device: '/dev/sdd', isRemovable: false, isUSB: false };
    const { volumes, skipped } = classifyDrivelist([usbHdd, bootedStick, sataDisk]);
    expect(volumes.map((v) => v.device)).toEqual(['/dev/sdb']);
    expect(skipped).toEqual([
      { device: '/dev/sdc', reason: 'not-mounted' },
      { device: '/dev/sdd', reason: 'not-removable' },
    ]);
    expect(classifyDrivelist([])).toEqual({ volumes: [], skipped: [] });
    expect(() => classifyDrivelist([{ device: '/dev/disk4' }])).toThrow();
    expect(() => classifyDrivelist({ drives: [] })).toThrow();
  });
});

describe('mount tables', () => {
  it('reads macOS mount output, paths with spaces and parentheses included', () => {
    const table = parseMacMount(MAC_MOUNT);
    expect(table.get('/Volumes/PPE_MAIN')).toEqual({ fsType: 'msdos', readOnly: false });
    expect(table.get('/Volumes/RESERVE (1)')).toEqual({ fsType: 'exfat', readOnly: false });
    expect(table.get('/Volumes/WIN DATA')).toEqual({ fsType: 'ntfs', readOnly: true });
    expect(table.get('/')).toEqual({ fsType: 'apfs', readOnly: true });
    expect(table.get('/System/Volumes/Data/home')).toEqual({ fsType: 'autofs', readOnly: false });
  });

  it('reads /proc/self/mounts with its octal escapes, the last mount on a path winning', () => {
    const table = parseProcMounts(
      [
        '/dev/vda / ext4 rw,relatime 0 0',
        '/dev/sdb1 /media/tech/PPE\\040MAIN vfat rw,nosuid,nodev,relatime,uid=1000,fmask=0022 0 0',
        '/dev/sdc1 /media/tech/RESERVE exfat ro,nosuid,nodev 0 0',
        '/dev/sdd1 /media/tech/RESERVE ntfs3 rw,nosuid,nodev 0 0',
        '',
      ].join('\n'),
    );
    expect(table.get('/media/tech/PPE MAIN')).toEqual({ fsType: 'vfat', readOnly: false });
    expect(table.get('/media/tech/RESERVE')).toEqual({ fsType: 'ntfs3', readOnly: false });
    expect(table.get('/')).toEqual({ fsType: 'ext4', readOnly: false });
  });

  it('names the file systems the FAT32 limit depends on, on either OS', () => {
    expect(['vfat', 'msdos', 'exfat', 'ntfs', 'ntfs3', 'ext4', 'apfs', 'fuseblk'].map(fileSystemOfMountType)).toEqual([
      'fat32', 'fat32', 'exfat', 'ntfs', 'ntfs', 'ext4', 'other', 'other',
    ]);
    expect(fileSystemOfMountType(undefined)).toBe('other');
  });
});

describe('DrivelistDriveProvider', () => {
  const GiB = 1024 ** 3;
  const provider = (spaceOf: (path: string) => Promise<{ sizeBytes: number; freeBytes: number }>) =>
    new DrivelistDriveProvider({ listDrives: async () => FIXTURE, mountTable: async () => parseMacMount(MAC_MOUNT), spaceOf });

  it('adds size and free space from statfs and the file system and read-only mount from the mount table', async () => {
    const drives = await provider(async (path) => ({ sizeBytes: path === '/Volumes/PPE_MAIN' ? 15 * GiB : 0, freeBytes: GiB })).list();
    expect(drives).toEqual([
      { id: `label:PPE_MAIN:${15 * GiB}`, serial: null, label: 'PPE_MAIN', sizeBytes: 15 * GiB, freeBytes: GiB, mountPath: '/Volumes/PPE_MAIN', fileSystem: 'fat32', readOnly: false },
      // statfs said 0 blocks: the disk's size stands in.
      { id: 'label:RESERVE:31042043904', serial: null, label: 'RESERVE', sizeBytes: 31042043904, freeBytes: GiB, mountPath: '/Volumes/RESERVE (1)', fileSystem: 'exfat', readOnly: true },
      { id: 'label:WIN DATA:64023257088', serial: null, label: 'WIN DATA', sizeBytes: 64023257088, freeBytes: GiB, mountPath: '/Volumes/WIN DATA', fileSystem: 'ntfs', readOnly: true },
    ]);
  });

  it('drops a volume pulled between drivelist and statfs, and does not read the mount table when there is nothing', async () => {
    const drives = await provider(async (path) => {
      if (path === '/Volumes/RESERVE (1)') throw Object.assign(new Error('gone'), { code: 'ENOENT' });
      return { sizeBytes: GiB, freeBytes: 1 };
    }).list();
    expect(drives.map((d) => d.label)).toEqual(['PPE_MAIN', 'WIN DATA']);

    let mountTableRead = false;
    const empty = new DrivelistDriveProvider({
      listDrives: async () => [FIXTURE[0]],
      mountTable: async () => {
        mountTableRead = true;
        return new Map();
      },
    });
    expect(await empty.list()).toEqual([]);
    expect(mountTableRead).toBe(false);
  });

  it('is the adapter for macOS; Linux keeps lsblk and Windows keeps CIM', () => {
    expect(platformDriveProvider('darwin')).toBeInstanceOf(DrivelistDriveProvider);
    expect(platformDriveProvider('linux')?.constructor.name).toBe('LinuxLsblkDriveProvider');
    expect(platformDriveProvider('win32')?.constructor.name).toBe('WindowsCimDriveProvider');
    expect(platformDriveProvider('freebsd')).toBeNull();
  });
});
