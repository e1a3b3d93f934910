import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LinuxLsblkDriveProvider, parseLsblk } from '../../native/drives/linux-lsblk';

// What `lsblk -J -b -o NAME,SERIAL,LABEL,SIZE,FSTYPE,MOUNTPOINT,RM,RO,HOTPLUG,TRAN` (util-linux 2.38) prints on an
// HQ computer with: the system SATA disk, the main drive (one FAT32 partition), the reserve drive (exFAT written
// straight on the disk, write-protect switch on), a USB stick plugged in but not mounted, and a stick with two
// mounted partitions. There are no USB drives on the build machine, so the fixture stands in for them.
const FIXTURE = JSON.stringify({
  blockdevices: [
    {
      name: 'sda', serial: 'WD-WCC4N1234567', label: null, size: 500107862016, fstype: null, mountpoint: null,
      rm: false, ro: false, hotplug: false, tran: 'sata',
      children: [
        { name: 'sda1', serial: null, label: null, size: 536870912, fstype: 'vfat', mountpoint: '/boot/efi', rm: false, ro: false, hotplug: false, tran: null },
        { name: 'sda2', serial: null, label: null, size: 499570991104, fstype: 'ext4', mountpoint: '/', rm: false, ro: false, hotplug: false, tran: null },
      ],
    },
    {
      name: 'sdb', serial: '4C530001230611118453', label: null, size: 15518924800, fstype: null, mountpoint: null,
      rm: true, ro: false, hotplug: true, tran: 'usb',
      children: [
        { name: 'sdb1', serial: null, label: 'PPE_MAIN', size: 15517876224, fstype: 'vfat', mountpoint: '/media/tech/PPE_MAIN', rm: true, ro: false, hotplug: true, tran: null },
      ],
    },
    {
      name: 'sdc', serial: null, label: 'RESERVE', size: 31042043904, fstype: 'exfat', mountpoint: '/media/tech/RESERVE',
      rm: true, ro: true, hotplug: true, tran: 'usb',
    },
    {
      name: 'sdd', serial: 'AA00000000001', label: null, size: 8004304896, fstype: null, mountpoint: null,
      rm: true, ro: false, hotplug: true, tran: 'usb',
      children: [
        { name: 'sdd1', serial: null, label: 'UNMOUNTED', size: 8003256320, fstype: 'vfat', mountpoint: null, rm: true, ro: false, hotplug: true, tran: null },
      ],
    },
    {
      name: 'sde', serial: 'TWO-PARTS', label: null, size: 64023257088, fstype: null, mountpoint: null,
      rm: false, ro: false, hotplug: true, tran: 'usb',
      children: [
        { name: 'sde1', serial: null, label: 'DATA', size: 32000000000, fstype: 'ntfs', mountpoint: '/media/tech/DATA', rm: false, ro: false, hotplug: true, tran: null },
        { name: 'sde2', serial: null, label: 'LINUX', size: 32000000000, fstype: 'ext4', mountpoint: '/media/tech/LINUX', rm: false, ro: false, hotplug: true, tran: null },
        { name: 'sde3', serial: null, label: null, size: 1000000, fstype: 'swap', mountpoint: '[SWAP]', rm: false, ro: false, hotplug: true, tran: null },
      ],
    },
  ],
});

// util-linux before 2.33 printed flags as "0"/"1" and sizes as strings.
const OLD_FORMAT = JSON.stringify({
  blockdevices: [
    {
      name: 'sdb', serial: ' 0123ABC ', label: null, size: '4004511744', fstype: null, mountpoint: null, rm: '1', ro: '0', hotplug: '1', tran: 'usb',
      children: [{ name: 'sdb1', serial: null, label: 'OLD', size: '4003463168', fstype: 'vfat', mountpoint: '/mnt/usb', rm: '1', ro: '0', hotplug: '1', tran: null }],
    },
  ],
});

describe('parseLsblk', () => {
  it('keeps mounted removable USB volumes and nothing else', () => {
    expect(parseLsblk(FIXTURE)).toEqual([
      {
        id: 'serial:4C530001230611118453', serial: '4C530001230611118453', label: 'PPE_MAIN', sizeBytes: 15517876224,
        mountPath: '/media/tech/PPE_MAIN', fileSystem: 'fat32', readOnly: false,
      },
      {
        id: 'label:RESERVE:31042043904', serial: null, label: 'RESERVE', sizeBytes: 31042043904,
        mountPath: '/media/tech/RESERVE', fileSystem: 'exfat', readOnly: true,
      },
      {
        id: 'serial:TWO-PARTS#1', serial: 'TWO-PARTS', label: 'DATA', sizeBytes: 32000000000,
        mountPath: '/media/tech/DATA', fileSystem: 'ntfs', readOnly: false,
      },
      {
        id: 'serial:TWO-PARTS#2', serial: 'TWO-PARTS', label: 'LINUX', sizeBytes: 32000000000,
        mountPath: '/media/tech/LINUX', fileSystem: 'ext4', readOnly: false,
      },
    ]);
  });

  it('reads the old string format too', () => {
    expect(parseLsblk(OLD_FORMAT)).toEqual([
      { id: 'serial:0123ABC', serial: '0123ABC', label: 'OLD', sizeBytes: 4003463168, mountPath: '/mnt/usb', fileSystem: 'fat32', readOnly: false },
    ]);
  });

  it('returns nothing on a machine without USB drives and refuses output that is not lsblk JSON', () => {
    expect(parseLsblk('{"blockdevices":[]}')).toEqual([]);
    expect(() => parseLsblk('{"nope":1}')).toThrow();
    expect(() => parseLsblk('not json')).toThrow();
  });
});

describe('LinuxLsblkDriveProvider', () => {
  it('adds free space from the file system and drops a volume pulled between lsblk and statfs', async () => {
    const provider = new LinuxLsblkDriveProvider({
      runLsblk: async () => FIXTURE,
      freeSpaceOf: async (path) => {
        if (path === '/media/tech/RESERVE') throw Object.assign(new Error('gone'), { code: 'ENOENT' });
        return 1_000;
      },
    });
    const drives = await provider.list();
    expect(drives.map((d) => [d.label, d.freeBytes])).toEqual([
      ['PPE_MAIN', 1_000],
      ['DATA', 1_000],
      ['LINUX', 1_000],
    ]);
  });

  // util-linux is in every Debian/Ubuntu base image; a bare container without it has nothing to prove here.
  const hasLsblk = spawnSync('lsblk', ['--version']).status === 0;
  it.skipIf(!hasLsblk)('runs the real lsblk here and reads its output (this machine has no USB drives)', async () => {
    const drives = await new LinuxLsblkDriveProvider().list();
    expect(Array.isArray(drives)).toBe(true);
  });
});
