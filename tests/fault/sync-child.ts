import { parseArgs } from 'node:util';
import { openCore } from '../../main/root/app-core';
import { readSetting } from '../../main/ppe/ppe-config';
import { inTransaction } from '../../main/db/open-database';
import { enqueue, enqueueStaged } from '../../main/outbox/enqueue';
import { stageBlob, type StagedBlob } from '../../main/outbox/outbox';
import { largeItemChunks, smallItemPayload } from './crash-items';

// A PPE process for the crash tests: opens (or seeds) its database, enrols, queues a fixed set of items exactly
// once, and delivers them. The test kills it with SIGKILL at random moments and starts it again, many times.
// Item contents are derived from their index, so the test can recompute every expected hash.

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'rcoi-url': { type: 'string' },
    batch: { type: 'string', default: '1' },
    small: { type: 'string', default: '4' },
    large: { type: 'string', default: '1' },
    'large-bytes': { type: 'string', default: String(2 * 1024 * 1024 + 12345) },
    'chunk-size': { type: 'string', default: String(256 * 1024) },
  },
});

async function main() {
  const dataDir = values['data-dir']!;
  const core = await openCore({
    dataDir,
    transport: 'bridge',
    rcoiUrl: values['rcoi-url']!,
    // The demo PPE (it enrols itself with the demo code); asked for explicitly, a fresh core is not set up.
    demo: true,
    log: { error: (m, d) => console.error(m, d) },
    sync: { chunkSize: Number(values['chunk-size']), baseDelayMs: 50, maxDelayMs: 500, idlePollMs: 100 },
  });
  const db = core.db;
  // The demo PPE enrols itself (demo code); a crash in the middle of it is one of the cases under test.

  // Batches 1..--batch are queued, each exactly once (its items and its counter in one transaction), so every run
  // that the test starts has fresh uploads to be killed in the middle of.
  const small = Number(values.small);
  const large = Number(values.large);
  for (let batch = Number(readSetting(db, 'crash_batches') ?? '0') + 1; batch <= Number(values.batch); batch++) {
    const staged: StagedBlob[] = [];
    for (let i = 0; i < large; i++) {
      staged.push(await stageBlob(dataDir, largeItemChunks(batch * 1000 + i, Number(values['large-bytes']))));
    }
    inTransaction(db, () => {
      for (let i = 0; i < small; i++) {
        const stream = i % 2 ? 'status' : 'acts';
        enqueue(db, { stream, kind: i % 2 ? 'status' : 'act', schemaVersion: 1, payload: smallItemPayload(batch * 1000 + i) }, new Date());
      }
      for (const blob of staged) enqueueStaged(db, { stream: 'packets', kind: 'packet', schemaVersion: 1 }, blob, new Date());
      db.prepare("INSERT INTO setting (key, value) VALUES ('crash_batches', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(batch));
    });
  }
  // Tells the test that delivery is under way, so its kill lands in the middle of real work.
  console.log('DELIVERING');
  core.sync.nudge();
  for (;;) {
    const pending = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state <> 'delivered'").get()!.n;
    if (pending === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await core.close();
  console.log('DONE');
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
