import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

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

/**
 * The hash of an entry covers everything it says and the hash of the entry before it. The sequence number is
 * deliberately left out: order is carried by the prev-hash links, so verify can tell a reordering from an edit.
 */
export function entryHash(row: Omit<JournalRow, 'seq' | 'hash'>): string {
  const material = canonicalJson({
    at: row.at,
    actorStaffId: row.actor_staff_id,
    actorName: row.actor_name,
    actorRoleCode: row.actor_role_code,
    station: row.station,
    action: row.action,
    payload: row.payload,
    prevHash: row.prev_hash,
  });
  return createHash('sha256').update(material, 'utf8').digest('hex');
}
