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
  // Every field length-prefixed, in a fixed order: unambiguous whatever the fields contain, and cheap to build.
  const material =
    'ppe-journal-v1' +
    field(row.at) +
    field(row.actor_staff_id === null ? '' : String(row.actor_staff_id)) +
    field(row.actor_name) +
    field(row.actor_role_code === null ? '' : String(row.actor_role_code)) +
    field(row.station) +
    field(row.action) +
    field(row.payload) +
    field(row.prev_hash);
  return hash('sha256', material, 'hex');
}

function field(value: string): string {
  return `|${value.length}:${value}`;
}
