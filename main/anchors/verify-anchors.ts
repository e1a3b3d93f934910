import { defaultStationCrypto, type StationCrypto } from '../crypto/station-crypto';
import type { Db } from '../db/open-database';
import type { KeyProtector } from '../sync/key-store';
import { anchorBytes, type AnchorFacts } from './anchor-bytes';
import { derivedSigningKey } from './anchor-key';
import { ownAnchors } from './anchor-store';
import { ANCHORED_ACTION } from './make-anchor';

/**
 * - rewritten: the entry at the anchored number has another hash than the one signed (the journal was rewritten
 *   from there on and its chain recomputed, or the entry was replaced);
 * - missing_entry: the journal has no entry at the anchored number any more (cut shorter than what was signed);
 * - bad_signature: the anchor is not signed by this station's key as the sealed private key says (an anchor forged
 *   or re-signed with another key, or any of its fields changed);
 * - gap: an anchor number is missing between two kept ones (an anchor deleted);
 * - deleted: the journal records an anchor (`journal.anchored`) that the table no longer holds;
 * - key_unavailable: anchors exist but the station's key is gone or cannot be unsealed, so none can be vouched for.
 */
export type AnchorProblemKind = 'rewritten' | 'missing_entry' | 'bad_signature' | 'gap' | 'deleted' | 'key_unavailable';

export interface AnchorVerification {
  checked: number;
  /** The newest own anchor that passed: what the screen says was last signed. */
  newest: { anchorNo: number; seq: number; signedAt: string } | null;
  /** The first failing anchor (by number) and what is wrong with it. */
  problem: { anchorNo: number; seq: number; signedAt: string; kind: AnchorProblemKind } | null;
}

/**
 * Checks every own anchor, oldest first: its number follows the one before, its signature holds under the key derived
 * from the sealed private key, and the journal's entry at its number has exactly the signed hash; then that every
 * anchor the journal itself records is still there. The first failure is named.
 *
 * What this cannot see alone: an attacker with the file who deletes the newest anchors AND rewrites the chain without
 * their `journal.anchored` entries. That is what RCOI's copy (HQ) and HQ's copy (a room station) are for: they hold
 * those anchor numbers, and the station's next anchor reuses one of them with other content (ANCHORS.md).
 */
export function verifyAnchors(db: Db, protector: KeyProtector, crypto: StationCrypto = defaultStationCrypto): AnchorVerification {
  const anchors = ownAnchors(db);
  if (anchors.length === 0) {
    const recorded = recordedAnchors(db)[0];
    return { checked: 0, newest: null, problem: recorded ? { ...recorded, kind: 'deleted' } : null };
  }
  const key = derivedSigningKey(db, protector);
  const hashAt = db.prepare<[number], { hash: string }>('SELECT hash FROM journal WHERE seq = ?');
  let newest: AnchorVerification['newest'] = null;
  const fail = (a: { anchorNo: number; seq: number; signedAt: string }, kind: AnchorProblemKind, checked: number): AnchorVerification => ({
    checked,
    newest,
    problem: { anchorNo: a.anchorNo, seq: a.seq, signedAt: a.signedAt, kind },
  });
  for (const [i, a] of anchors.entries()) {
    // Named at the anchor after the gap: it is the one whose predecessor is missing.
    if (a.anchorNo !== i + 1) return fail(a, 'gap', i);
    const kind = checkOne(a, key, (seq) => hashAt.get(seq)?.hash ?? null, crypto);
    if (kind) return fail(a, kind, i);
    newest = { anchorNo: a.anchorNo, seq: a.seq, signedAt: a.signedAt };
  }
  const kept = new Map(anchors.map((a) => [a.anchorNo, a]));
  for (const r of recordedAnchors(db)) {
    const a = kept.get(r.anchorNo);
    if (!a || a.seq !== r.seq) return fail(r, 'deleted', anchors.length);
  }
  return { checked: anchors.length, newest, problem: null };
}

/** The anchors the journal says were made (`journal.anchored` entries), with the entry's time as when. */
function recordedAnchors(db: Db): { anchorNo: number; seq: number; signedAt: string }[] {
  return db
    .prepare<[string], { payload: string; at: string }>('SELECT payload, at FROM journal WHERE action = ? ORDER BY seq')
    .all(ANCHORED_ACTION)
    .flatMap((r) => {
      try {
        const p = JSON.parse(r.payload) as { anchorNo?: unknown; seq?: unknown };
        return typeof p.anchorNo === 'number' && typeof p.seq === 'number' ? [{ anchorNo: p.anchorNo, seq: p.seq, signedAt: r.at }] : [];
      } catch {
        return [];
      }
    });
}

type SignedAnchor = AnchorFacts & { signature: string };

/** One anchor against the station's derived key and the journal as it stands; null when it holds. */
function checkOne(
  a: SignedAnchor,
  key: ReturnType<typeof derivedSigningKey>,
  hashAt: (seq: number) => string | null,
  crypto: StationCrypto,
): Exclude<AnchorProblemKind, 'gap' | 'deleted'> | null {
  if (typeof key !== 'object') return 'key_unavailable';
  let signed = false;
  try {
    signed = crypto.verify('Ed25519', key.spki, anchorBytes(a), Buffer.from(a.signature, 'base64'));
  } catch {
    // Fields that cannot even be laid out as signed bytes (a hash that is not hex) were not signed by us.
  }
  if (!signed) return 'bad_signature';
  const hash = hashAt(a.seq);
  if (hash === null) return 'missing_entry';
  return hash === a.entryHash ? null : 'rewritten';
}

/**
 * This station's anchors as a copy kept elsewhere holds them (RCOI's, from the `journal.anchor` messages; HQ's, from
 * the transfer drive), checked against this station's journal and key: the check that still sees a rewrite after the
 * local anchors were deleted together with their journal entries. A copy not signed by this station's key is
 * ignored (it proves nothing about this journal). Returns the first failing one by number, or null.
 */
export function verifyAnchorCopies(
  db: Db,
  protector: KeyProtector,
  copies: readonly SignedAnchor[],
  crypto: StationCrypto = defaultStationCrypto,
): { anchorNo: number; seq: number; signedAt: string; kind: 'rewritten' | 'missing_entry' } | null {
  const key = derivedSigningKey(db, protector);
  const hashAt = db.prepare<[number], { hash: string }>('SELECT hash FROM journal WHERE seq = ?');
  for (const a of [...copies].sort((x, y) => x.anchorNo - y.anchorNo)) {
    const kind = checkOne(a, key, (seq) => hashAt.get(seq)?.hash ?? null, crypto);
    if (kind === 'rewritten' || kind === 'missing_entry') return { anchorNo: a.anchorNo, seq: a.seq, signedAt: a.signedAt, kind };
  }
  return null;
}
