import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../main/kernel/app-root';
import { loadMigrations, migrate } from '../../main/db/migrate';
import { inTransaction, openDatabase, type Db } from '../../main/db/open-database';
import { appendJournal } from '../../main/journal/append';
import { entryHash, GENESIS_HASH, type StoredJournalRow } from '../../main/journal/journal-entry';
import { verifyJournal } from '../../main/journal/verify';

let dir: string;
let db: Db;
const actor = { staffId: 1, name: 'Петров Артём Андреевич', roleCode: 1 };

function append(n: number): void {
  for (let i = 0; i < n; i++) {
    inTransaction(db, () =>
      appendJournal(db, { actor, station: '100001', action: 'test.step', payload: { i }, at: new Date(Date.UTC(2026, 5, 1, 1, 0, i)) }),
    );
  }
}

/** What an attacker with the sqlite3 tool could do: drop the guards, then change rows directly. */
function tamper(sql: string, ...params: unknown[]): void {
  db.exec('DROP TRIGGER IF EXISTS journal_is_append_only_update; DROP TRIGGER IF EXISTS journal_is_append_only_delete;');
  db.prepare(sql).run(...params);
}
const row = (seq: number) => db.prepare<[number], StoredJournalRow>('SELECT * FROM journal WHERE seq = ?').get(seq)!;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ppe-journal-'));
  db = openDatabase(join(dir, 'j.sqlite'));
  migrate(db, loadMigrations(join(findAppRoot(), 'migrations')));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('journal', () => {
  it('chains every entry to the previous one by SHA-256 and marks the newest as the head', () => {
    append(5);
    expect(row(1).prev_hash).toBe(GENESIS_HASH);
    for (let s = 2; s <= 5; s++) expect(row(s).prev_hash).toBe(row(s - 1).hash);
    expect(row(3).hash).toBe(entryHash(row(3)));
    expect(db.prepare('SELECT seq FROM journal WHERE is_head = 1').all()).toEqual([{ seq: 5 }]);
    expect(verifyJournal(db)).toMatchObject({ ok: true, checked: 5, lastSeq: 5, problem: null });
  });

  it('refuses to append outside a transaction, so an entry never commits apart from its change', () => {
    expect(() => appendJournal(db, { actor, station: 's', action: 'a', payload: {}, at: new Date() })).toThrow(/inside the transaction/);
  });

  it('rolls back with the domain change it records', () => {
    append(1);
    expect(() =>
      inTransaction(db, () => {
        appendJournal(db, { actor, station: 's', action: 'doomed', payload: {}, at: new Date() });
        throw new Error('the domain change failed');
      }),
    ).toThrow('the domain change failed');
    expect(db.prepare('SELECT count(*) AS n FROM journal').get()).toEqual({ n: 1 });
    expect(verifyJournal(db).ok).toBe(true);
  });

  it('verifies an empty journal as intact', () => {
    expect(verifyJournal(db)).toMatchObject({ ok: true, checked: 0, problem: null });
  });

  it('names an edited entry', () => {
    append(6);
    tamper("UPDATE journal SET payload = '{\"i\":99}' WHERE seq = 4");
    expect(verifyJournal(db).problem).toEqual({ seq: 4, kind: 'edited' });
  });

  it('names an entry edited and rehashed by someone who knows the formula', () => {
    append(6);
    const r = row(3);
    const forged = { ...r, actor_name: 'Кто-то другой' };
    tamper('UPDATE journal SET actor_name = ?, hash = ? WHERE seq = 3', forged.actor_name, entryHash(forged));
    expect(verifyJournal(db).problem).toEqual({ seq: 3, kind: 'edited' });
  });

  it('names a deleted entry', () => {
    append(6);
    tamper('DELETE FROM journal WHERE seq = 3');
    expect(verifyJournal(db).problem).toEqual({ seq: 3, kind: 'deleted' });
  });

  it('names the first entry when it was deleted', () => {
    append(3);
    tamper('DELETE FROM journal WHERE seq = 1');
    expect(verifyJournal(db).problem).toEqual({ seq: 1, kind: 'deleted' });
  });

  it('allows moving the head mark only; no other change passes the guard', () => {
    append(2);
    expect(() => db.prepare('UPDATE journal SET is_head = 1 WHERE seq = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE journal SET is_head = 0, action = ? WHERE seq = 2').run('x')).toThrow(/append-only/);
  });

  it('names entries cut off the end, thanks to the head mark', () => {
    append(6);
    tamper('DELETE FROM journal WHERE seq >= 5');
    expect(verifyJournal(db).problem).toEqual({ seq: 5, kind: 'truncated' });
  });

  it('keeps the evidence of a cut-off end when the app appends again', () => {
    append(6);
    tamper('DELETE FROM journal WHERE seq >= 5');
    append(1);
    expect(row(5).action).toBe('journal.tail_missing');
    expect(row(5).payload).toBe('{"afterSeq":4}');
    expect(row(6).prev_hash).toBe(row(5).hash);
    expect(verifyJournal(db).problem).toEqual({ seq: 5, kind: 'truncated' });
  });

  it('names an inserted entry that copies a valid link', () => {
    append(6);
    // Make room after #3, then insert a forged entry that claims to follow #3 with a correct hash of its own.
    tamper('UPDATE journal SET seq = seq + 100 WHERE seq > 3');
    tamper('UPDATE journal SET seq = seq - 99 WHERE seq > 100');
    const forged = { at: '2026-06-01T01:00:03.500Z', actor_staff_id: 1, actor_name: 'Петров Артём Андреевич', actor_role_code: 1, station: '100001', action: 'test.step', payload: '{"i":"forged"}', prev_hash: row(3).hash };
    tamper(
      'INSERT INTO journal (seq, at, actor_staff_id, actor_name, actor_role_code, station, action, payload, prev_hash, hash) VALUES (4, @at, @actor_staff_id, @actor_name, @actor_role_code, @station, @action, @payload, @prev_hash, @hash)',
      { ...forged, hash: entryHash(forged) },
    );
    expect(verifyJournal(db).problem).toEqual({ seq: 4, kind: 'inserted' });
  });

  it('names an inserted entry that fits nowhere', () => {
    append(4);
    tamper('UPDATE journal SET seq = seq + 100 WHERE seq > 2');
    tamper('UPDATE journal SET seq = seq - 99 WHERE seq > 100');
    const forged = { at: '2026-06-01T01:00:02.500Z', actor_staff_id: null, actor_name: 'x', actor_role_code: null, station: 's', action: 'a', payload: '{}', prev_hash: 'f'.repeat(64) };
    tamper(
      'INSERT INTO journal (seq, at, actor_staff_id, actor_name, actor_role_code, station, action, payload, prev_hash, hash) VALUES (3, @at, @actor_staff_id, @actor_name, @actor_role_code, @station, @action, @payload, @prev_hash, @hash)',
      { ...forged, hash: entryHash(forged) },
    );
    expect(verifyJournal(db).problem).toEqual({ seq: 3, kind: 'inserted' });
  });

  it('names reordered entries', () => {
    append(6);
    tamper('UPDATE journal SET seq = 100 WHERE seq = 3');
    tamper('UPDATE journal SET seq = 3 WHERE seq = 4');
    tamper('UPDATE journal SET seq = 4 WHERE seq = 100');
    expect(verifyJournal(db).problem).toEqual({ seq: 3, kind: 'reordered' });
  });
});
