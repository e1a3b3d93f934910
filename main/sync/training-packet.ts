import { randomBytes } from 'node:crypto';
import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { act } from '../kernel/unit-of-work';
import { readPpeConfig } from '../ppe/ppe-config';
import { stageBlob } from '../outbox/outbox';

/**
 * Training mode only: a made-up packet of scans (random bytes) queued like a real one, so a trainee can watch a
 * large upload progress, pull the network, and see it finish by itself.
 */
export async function queueTrainingPacket(ctx: CoreContext, dataDir: string, actor: Actor, mebibytes: number): Promise<string> {
  if (!readPpeConfig(ctx.db).trainingMode) throw new AppError('SYNC_NOT_TRAINING');
  function* bytes() {
    for (let i = 0; i < mebibytes; i++) yield randomBytes(1024 * 1024);
  }
  const blob = await stageBlob(dataDir, bytes());
  act(ctx, actor, (work) => {
    work.sendStaged('scan.packet', blob);
    work.record('sync.training_packet_queued', { id: blob.id, size: blob.size, sha256: blob.sha256 });
  });
  return blob.id;
}
