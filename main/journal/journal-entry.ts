import { hash } from 'node:crypto';

/** The previous-hash of the very first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface JournalActor {
  staffId: number | null;
  name: string;
  roleCode: number | null;
}

export interface JournalRow {
  seq: number;
  at: string;
  actor_staff_id: number | null;
  actor_name: string;
  actor_role_code: number | null;
  station: string;
  action: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** A row as stored: the entry plus the head mark, which is not part of the hash (it moves on every append). */
export interface StoredJournalRow extends JournalRow {
  is_head: number;
}

/**
 * The hash of an entry covers everything it says and the hash of the entry before it. The sequence number is
 * deliberately left out: order is carried by the prev-hash links, so verify can tell a reordering from an edit.
 */
export function entryHash(row: Omit<JournalRow, 'seq' | 'hash'>): string {
  // A JSON array in a fixed field order: unambiguous (strings are quoted and escaped), and cheap to build.
  const material = JSON.stringify([
    'ppe-journal-v1',
    row.at,
    row.actor_staff_id,
    row.actor_name,
    row.actor_role_code,
    row.station,
    row.action,
    row.payload,
    row.prev_hash,
  ]);
  return hash('sha256', material, 'hex');
}
