import { spawnSync } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { list as drivelistList } from 'drivelist';
import { describe, expect, it } from 'vitest';
import { classifyDrivelist, DrivelistDriveProvider } from '../../native/drives/drivelist-detector';
import { fileSystemOfMountType, readMountTable } from '../../native/drives/mount-table';

// The real drivelist (its native part compiled at npm install) on the build machine. There are no USB sticks here,
// and a loop device would not help: drivelist leaves /dev/loop* out on purpose. So these tests prove that drivelist
// loads, runs and that its answer about this machine's own disks goes through our mapping without a stick appearing
// where there is none; the stick cases are in tests/unit/drives-drivelist.test.ts.
//
// On Linux drivelist asks lsblk; util-linux is in every Debian/Ubuntu base image.
const hasLsblk = process.platform !== 'linux' || spawnSync('lsblk', ['--version']).status === 0;

describe.skipIf(!hasLsblk)('drivelist on this machine', () => {
  it('lists the machine’s disks and skips the one the system runs from', async () => {
    const raw = await drivelistList();
    expect(raw.length).toBeGreaterThan(0);
    const { volumes, skipped } = classifyDrivelist(raw);
    // Whatever holds "/" is the system (or a virtual disk in a VM/container), never a drive to write packages on.
    const rootDisks = raw.filter((d) => d.mountpoints.some((m) => m.path === '/')).map((d) => d.device);
    for (const device of rootDisks) {
      expect(skipped).toContainEqual({ device, reason: expect.stringMatching(/^(system|virtual|not-mounted)$/) });
    }
    expect(volumes.map((v) => v.mountPath)).not.toContain('/');
  });

  it('runs the whole adapter — drivelist, the mount table, statfs — without throwing', async () => {
    const drives = await new DrivelistDriveProvider().list();
    expect(Array.isArray(drives)).toBe(true);
    for (const d of drives) expect(d.mountPath).not.toBe('/');
  });

  it('adds what drivelist lacks from the real mount table and statfs (what it would add to a real stick)', async () => {
    // A removable disk as drivelist reports one, with a volume "mounted" on a real mount point of this machine, and
    // one on "/" that must be left out: statfs and the mount table answer for the real mount.
    const table = await readMountTable();
    expect(table.get('/')).toBeDefined();
    const mountPath = ['/dev/shm', '/tmp', '/run', '/proc'].find((p) => table.has(p));
    if (mountPath === undefined) throw new Error('no ordinary mount point in this machine’s mount table');
    const provider = new DrivelistDriveProvider({
      listDrives: async () => [
        {
          device: '/dev/sdz', size: 1, mountpoints: [{ path: '/', label: 'ROOT' }, { path: mountPath, label: 'PPE_TEST' }],
          isReadOnly: false, isRemovable: true, isSystem: false, isVirtual: false, isUSB: true,
        },
      ],
    });
    const drives = await provider.list();
    const s = await statfs(mountPath);
    const sizeBytes = s.blocks * s.bsize > 0 ? s.blocks * s.bsize : 1;
    const mount = table.get(mountPath);
    expect(drives).toEqual([
      {
        id: `label:PPE_TEST:${sizeBytes}`, serial: null, label: 'PPE_TEST', sizeBytes, freeBytes: expect.any(Number), mountPath,
        fileSystem: fileSystemOfMountType(mount?.fsType), readOnly: mount?.readOnly === true,
      },
    ]);
  });
});
