import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAppRoot } from '../../main/kernel/app-root';
import { loadMigrations, migrate } from '../../main/db/migrate';
import { inTransaction, openDatabase, type Db } from '../../main/db/open-database';
import { appendJournal } from '../../main/journal/append';
import { entryHash, GENESIS_HASH, type JournalRow } from '../../main/journal/journal-entry';
import { verifyJournal } from '../../main/journal/verify';

// bench:journal — the price of the hash chain. 20,000 journal entries are appended with the chain (read the head,
// hash, insert, move the head), each in its own durable transaction (WAL, synchronous=FULL), and the very same rows
// are inserted plainly into an identical table, each in its own transaction with the same durability. The two run
// interleaved in blocks, taking turns at going first, in one process, so that disk and machine noise falls on both
// alike.

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 20_000);
const BLOCK = 100;

function openFresh(dir: string, name: string): Db {
  const db = openDatabase(join(dir, name));
  if (process.env.BENCH_SYNC) db.pragma('synchronous = ' + process.env.BENCH_SYNC);
  migrate(db, loadMigrations(join(findAppRoot(), 'migrations')));
  // The plain twin: the journal's columns and index, without the append-only triggers and the head mark's upkeep.
  db.exec(`CREATE TABLE plain_journal (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor_staff_id INTEGER,
    actor_name TEXT NOT NULL, actor_role_code INTEGER, station TEXT NOT NULL, action TEXT NOT NULL, payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, is_head INTEGER NOT NULL DEFAULT 0) STRICT`);
  return db;
}

const dir = mkdtempSync(join(tmpdir(), 'ppe-bench-'));
const chainedDb = openFresh(dir, 'chained.sqlite');
const plainDb = openFresh(dir, 'plain.sqlite');
const insertPlain = plainDb.prepare(
  `INSERT INTO plain_journal (seq, at, actor_staff_id, actor_name, actor_role_code, station, action, payload, prev_hash, hash)
   VALUES (@seq, @at, @actor_staff_id, @actor_name, @actor_role_code, @station, @action, @payload, @prev_hash, @hash)`,
);
const actor = { staffId: 3, name: 'Васильев Илья Алексеевич', roleCode: 7 };
const start = Date.UTC(2026, 5, 1, 1, 0, 0);

let chainedNs = 0n;
let plainNs = 0n;
const payloads = Array.from({ length: ENTRIES }, (_, i) => ({
  auditorium: '0101',
  kit: 4_200_000_000_000 + i,
  seat: `${(i % 5) + 1}А`,
}));
const at = (i: number) => new Date(start + i * 1000);

// The plain run needs the chained run's rows. They are computed up front, outside the timing, so that keeping
// 20,000 rows alive in memory (which the app never does) is charged to neither run.
const rows: JournalRow[] = [];
for (let i = 0; i < ENTRIES; i++) {
  const prev = i === 0 ? { seq: 0, hash: GENESIS_HASH } : rows[i - 1]!;
  const partial = {
    at: at(i).toISOString(),
    actor_staff_id: actor.staffId,
    actor_name: actor.name,
    actor_role_code: actor.roleCode,
    station: '100001',
    action: 'kit.printed',
    payload: JSON.stringify(payloads[i]),
    prev_hash: prev.hash,
  };
  rows.push({ seq: prev.seq + 1, ...partial, hash: entryHash(partial) });
}

function chainedBlock(from: number, to: number): void {
  const t = process.hrtime.bigint();
  for (let i = from; i < to; i++) {
    inTransaction(chainedDb, () =>
      appendJournal(chainedDb, { actor, station: '100001', action: 'kit.printed', payload: payloads[i]!, at: at(i) }),
    );
  }
  chainedNs += process.hrtime.bigint() - t;
}
function plainBlock(from: number, to: number): void {
  const t = process.hrtime.bigint();
  for (let i = from; i < to; i++) inTransaction(plainDb, () => insertPlain.run(rows[i]!));
  plainNs += process.hrtime.bigint() - t;
}
for (let done = 0, block = 0; done < ENTRIES; done += BLOCK, block++) {
  const to = Math.min(done + BLOCK, ENTRIES);
  if (block % 2 === 0) {
    chainedBlock(done, to);
    plainBlock(done, to);
  } else {
    plainBlock(done, to);
    chainedBlock(done, to);
  }
}
const lastStored = chainedDb.prepare<[], { hash: string }>('SELECT hash FROM journal ORDER BY seq DESC LIMIT 1').get();
if (lastStored?.hash !== rows.at(-1)!.hash) throw new Error('the chained run wrote other rows than the plain run');

const check = verifyJournal(chainedDb);
const plainCount = (plainDb.prepare('SELECT count(*) AS n FROM plain_journal').get() as { n: number }).n;
chainedDb.close();
plainDb.close();
rmSync(dir, { recursive: true, force: true });
if (!check.ok || check.checked !== ENTRIES || plainCount !== ENTRIES) {
  console.error('bench:journal: the runs did not write what they should', check, plainCount);
  process.exit(1);
}

const chainedS = Number(chainedNs) / 1e9;
const plainS = Number(plainNs) / 1e9;
console.log(`chained: ${ENTRIES} entries in ${chainedS.toFixed(2)} s (${(ENTRIES / chainedS).toFixed(0)}/s), chain verified`);
console.log(`plain:   ${ENTRIES} rows in ${plainS.toFixed(2)} s (${(ENTRIES / plainS).toFixed(0)}/s)`);
console.log(`RESULT journal ratio=${(chainedS / plainS).toFixed(3)} entries_per_s=${(ENTRIES / chainedS).toFixed(0)}`);
