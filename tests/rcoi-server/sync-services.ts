import type { Clock } from '../../main/kernel/clock';
import type { Db } from '../../main/db/open-database';
import { BlobFolder } from './blob-folder';
import { FeedStore } from './feed-store';
import { HqSetups } from './hq-setups';
import { ItemStore } from './item-store';
import { LargeUploads } from './large-uploads';
import { NonceLedger } from './nonce-ledger';
import { StationRegistry } from './station-registry';
import { UploadStore } from './upload-store';

/** The RCOI side of the sync protocol over one open database and its blob folder. */
export interface SyncServices {
  clock: Clock;
  blobs: BlobFolder;
  stations: StationRegistry;
  nonces: NonceLedger;
  items: ItemStore;
  uploads: UploadStore;
  large: LargeUploads;
  feed: FeedStore;
  setups: HqSetups;
}

/** The blob folder sits next to the database file, so a test's temp dir or the demo's db path holds both. */
export function blobFolderFor(dbFile: string): string {
  return `${dbFile}.blobs`;
}

export function openSyncServices(db: Db, dbFile: string, clock: Clock): SyncServices {
  const blobs = new BlobFolder(blobFolderFor(dbFile));
  const items = new ItemStore(db, clock);
  const uploads = new UploadStore(db);
  return {
    clock,
    blobs,
    stations: new StationRegistry(db, clock),
    nonces: new NonceLedger(db, clock),
    items,
    uploads,
    large: new LargeUploads(db, uploads, items, blobs, clock),
    feed: new FeedStore(db),
    setups: new HqSetups(db, clock),
  };
}
