import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { assertReplaceable, createExclusive, ensureRealFolder } from '../packages/drive-fs';
import { syncFolder } from '../packages/sync-folder';
import { frameMessage, receiverFolder, TRANSFER_FOLDER, type MessageHeader, type Receiver } from './message-format';
import { prepareSealing, sealBody, type SealRecipient } from './sealing';
import type { TransferSetup } from './station-identity';
import { transferKinds, type TransferKindName } from './transfer-kinds';

export interface OutgoingMessage {
  receiver: Receiver;
  kind: TransferKindName;
  seq: number;
  examDate: string | null;
  createdAt: Date;
  payload: Record<string, unknown>;
}

/**
 * The bytes of a message: the header, the payload (sealed to the receiving stations when the kind is secret, with
 * the exact header bytes as AAD), and this station's signature over all of it.
 */
export function buildMessage(setup: TransferSetup, message: OutgoingMessage): Buffer {
  const { identity, crypto } = setup;
  const kind = transferKinds[message.kind];
  const checked = kind.payload.parse(message.payload);
  if (kind.dated !== (message.examDate !== null)) throw new Error(`transfer: ${message.kind} ${kind.dated ? 'needs' : 'takes no'} exam date`);
  const plaintext = Buffer.from(JSON.stringify(checked), 'utf8');
  const sealed = kind.secret ? prepareSealing(crypto, recipientsOf(setup, message.receiver)) : null;
  const header: MessageHeader = {
    format: 1,
    ppe: { ...identity.ppe },
    sender: identity.station,
    receiver: message.receiver,
    kind: message.kind,
    seq: message.seq,
    examDate: message.examDate,
    createdAt: message.createdAt.toISOString(),
    sealing: sealed?.sealing ?? null,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const body = sealed ? sealBody(crypto, sealed.contentKey, plaintext, headerBytes) : plaintext;
  return frameMessage(headerBytes, body, (signed) => crypto.sign(identity.keys.signing.privateKey, signed));
}

/** Every pinned station a receiver stands for: one station, a room's main and reserve stations, or HQ's. */
function recipientsOf(setup: TransferSetup, receiver: Receiver): SealRecipient[] {
  const stations = setup.peers.filter((p) =>
    receiver.type === 'station' ? p.station === receiver.number : receiver.type === 'room' ? p.role === 'room' && p.room === receiver.code : p.role === 'hq',
  );
  if (stations.length === 0) throw new Error(`transfer: no pinned station to seal for ${JSON.stringify(receiver)}`);
  return stations.map((p) => ({ station: p.station, agreementPublicKey: p.agreementKey }));
}

/**
 * Puts a message on the drive the way packages are written (write-package.ts): the folders along
 * PPE-TRANSFER/<receiver>/ real and made one level at a time (never through a link), the file written under a
 * temporary name created exclusively, fsync'd, renamed over its real name, and the folder fsync'd. A message
 * cut short by a pull is a `.partial` the reader skips, never a message with a real name.
 */
export async function writeMessageFile(driveRoot: string, receiver: Receiver, fileName: string, bytes: Buffer): Promise<string> {
  const folder = receiverFolder(receiver);
  await ensureRealFolder(driveRoot, [TRANSFER_FOLDER, folder]);
  const dir = join(driveRoot, TRANSFER_FOLDER, folder);
  const to = join(dir, fileName);
  const temp = `${to}.partial`;
  const fh = await createExclusive(temp, `${folder}/${fileName}.partial`);
  try {
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await assertReplaceable(to, `${folder}/${fileName}`);
    await rename(temp, to);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => {});
    throw e;
  }
  await syncFolder(dir);
  return `${folder}/${fileName}`;
}
