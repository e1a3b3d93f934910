import { SYSTEM_ACTOR, type Actor } from '../kernel/context';
import { act } from '../kernel/unit-of-work';
import type { DriveRole } from '../ipc/dto';
import type { AppErrorPayload } from '../ipc/errors';
import type { DriveInfo } from '../../native/drives/drive';
import type { FolderCheck } from './check-drive';
import { copiesOfDrive, knownDrives, packageById, setCopyState, type CopyRow } from './package-rows';
import type { PackagesDeps } from './package-service';

// What a drive check or a write found, recorded for the copies this computer knows of: the copy's state, the
// journal entry and the message for RCOI, in one act each.

/**
 * A copy the database knows of, on a drive with a role, takes the check's verdict; others are only shown. The
 * copy recorded in the folder comes first: a different package found there is that copy's failure, never another
 * package's success.
 */
export function recordCheck(d: PackagesDeps, drive: DriveInfo, result: FolderCheck, recorded: CopyRow | null): boolean {
  const { ctx } = d;
  const role = knownDrives(ctx.db).find((k) => k.id === drive.id)?.role ?? null;
  if (role === null) return false;
  const packageId = recorded?.packageId ?? result.manifest?.packageId;
  if (!packageId || !packageById(ctx.db, packageId)) return false;
  recordCopyOutcome(d, SYSTEM_ACTOR, packageId, drive.id, role, result.folder, result.ok ? null : result.problem, 'package.copy_checked');
  return true;
}

/** Every copy recorded on the drive fails with the problem (journaled each); returns how many there were. */
export function failCopiesOnDrive(d: PackagesDeps, drive: DriveInfo, problem: AppErrorPayload): number {
  const role = knownDrives(d.ctx.db).find((k) => k.id === drive.id)?.role ?? null;
  if (role === null) return 0;
  const copies = copiesOfDrive(d.ctx.db, drive.id);
  for (const copy of copies) {
    if (copy.state === 'failed' && copy.problem?.code === problem.code) continue;
    recordCopyOutcome(d, SYSTEM_ACTOR, copy.packageId, drive.id, role, copy.folder, problem, 'package.copy_checked');
  }
  return copies.length;
}

/** A copy the database has for this drive whose folder is no longer there has been deleted or moved. */
export function recordMissingFolders(d: PackagesDeps, drive: DriveInfo, folders: string[]): void {
  const role = knownDrives(d.ctx.db).find((k) => k.id === drive.id)?.role ?? null;
  if (role === null) return;
  for (const copy of copiesOfDrive(d.ctx.db, drive.id)) {
    if (folders.includes(copy.folder) || copy.state === 'failed') continue;
    const problem = { code: 'DRIVE_COPY_FILE_MISSING', params: { path: copy.folder, others: 0 } } as const;
    recordCopyOutcome(d, SYSTEM_ACTOR, copy.packageId, drive.id, role, copy.folder, problem, 'package.copy_checked');
  }
}

export function recordCopyOutcome(
  d: PackagesDeps,
  actor: Actor,
  packageId: string,
  driveId: string,
  role: DriveRole,
  folder: string,
  problem: AppErrorPayload | null,
  action: 'package.copy_written' | 'package.copy_checked',
): void {
  act(d.ctx, actor, (work) => {
    setCopyState(work.db, { packageId, driveId, folder, state: problem ? 'failed' : 'verified', problem, checked: true }, work.at);
    const fact = { packageId, driveId, role, folder, verified: problem === null, problem };
    work.record(action, fact);
    // The journal's fact is RCOI's message too, under the same name.
    work.send(action, fact);
  });
  d.notify('exams');
}
