import { defaultStationCrypto, type StationCrypto, type StationKeyPairs } from '../crypto/station-crypto';
import type { Db } from '../db/open-database';
import type { Actor, CoreContext } from '../kernel/context';
import { act } from '../kernel/unit-of-work';
import { readPpeConfig, readSetting } from '../ppe/ppe-config';
import { anchorBytes, type AnchorFacts } from './anchor-bytes';
import { insertAnchor, newestOwnAnchor, type AnchorReason, type StoredAnchor } from './anchor-store';

export const ANCHORED_ACTION = 'journal.anchored';

export interface AnchorOutcome {
  anchor: StoredAnchor;
  /** false: the head had not moved since the newest anchor, which is returned instead of a new one. */
  fresh: boolean;
}

/**
 * Whether anything was journaled after `seq` other than anchoring itself: an anchor's own `journal.anchored` entry
 * is not a move of the head, or every anchor would call for the next one.
 */
export function headMovedSince(db: Db, seq: number): boolean {
  return db.prepare<[number, string], { n: number }>('SELECT count(*) AS n FROM journal WHERE seq > ? AND action != ?').get(seq, ANCHORED_ACTION)!.n > 0;
}

/**
 * Where this station's anchors go besides its own table: to RCOI through the outbox for an HQ station, the training
 * station and any station enrolled with RCOI; on the transfer drive to HQ for a room station (room-anchors.ts).
 * An organiser's station in a room is a room station even in training: it never talks to RCOI, so nothing of its
 * own may wait in its outbox (its RCOI marker would count it forever); HQ forwards its anchors once it takes them.
 */
export function anchorRoute(db: Db): 'rcoi' | 'drive' {
  const number = readSetting(db, 'station_number');
  const role = number ? db.prepare<[string], { role: string }>('SELECT role FROM station WHERE number = ?').get(number)?.role : undefined;
  if (role === 'hq' || role === 'authorization') return 'rcoi';
  if (role === 'organizer') return 'drive';
  if (readPpeConfig(db).trainingMode) return 'rcoi';
  const enrolled = db.prepare<[], { station_id: string | null }>('SELECT station_id FROM sync_station WHERE id = 1').get();
  return enrolled?.station_id ? 'rcoi' : 'drive';
}

/** RCOI's copy of an anchor: the signed facts, the key and the signature (outbox kind `journal.anchor`). */
export function anchorForRcoi(a: AnchorFacts & { signingKey: string; signature: string }) {
  return {
    region: a.region,
    ppeCode: a.ppeCode,
    station: a.station,
    anchorNo: a.anchorNo,
    seq: a.seq,
    entryHash: a.entryHash,
    signedAt: a.signedAt,
    signingKey: a.signingKey,
    signature: a.signature,
  };
}

/**
 * Signs the journal's head as one act: the anchor row, the `journal.anchored` entry right after the anchored entry,
 * and (HQ) RCOI's copy in the outbox — together or not at all. Idempotent: if nothing but anchoring was journaled
 * since the newest anchor, that anchor is returned and nothing is written. Null when the journal is empty or the
 * station is not set up (no PPE, no number).
 */
export function makeAnchor(
  ctx: CoreContext,
  keys: StationKeyPairs,
  actor: Actor,
  reason: AnchorReason,
  crypto: StationCrypto = defaultStationCrypto,
): AnchorOutcome | null {
  return act(ctx, actor, (work) => {
    const head = work.db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get();
    const station = readSetting(work.db, 'station_number');
    if (!head || !station) return null;
    const last = newestOwnAnchor(work.db);
    if (last && !headMovedSince(work.db, last.seq)) return { anchor: last, fresh: false };
    const ppe = readPpeConfig(work.db);
    const facts: AnchorFacts = {
      region: ppe.regionCode,
      ppeCode: ppe.code,
      station,
      anchorNo: (last?.anchorNo ?? 0) + 1,
      seq: head.seq,
      entryHash: head.hash,
      signedAt: work.at.toISOString(),
    };
    const signature = crypto.sign(keys.signing.privateKey, anchorBytes(facts)).toString('base64');
    const stored = { ...facts, origin: 'own' as const, signingKey: keys.signing.publicKeySpkiBase64, signature, reason, recordedAt: facts.signedAt };
    const id = insertAnchor(work.db, stored);
    work.record(ANCHORED_ACTION, { anchorNo: facts.anchorNo, seq: facts.seq, entryHash: facts.entryHash, reason });
    if (anchorRoute(work.db) === 'rcoi') work.send('journal.anchor', anchorForRcoi(stored));
    return { anchor: { ...stored, id }, fresh: true };
  });
}
