import { createHash, createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { bundleEnvelopeSchema, bundlePayloadSchema } from '../../main/bundles/bundle-format';
import type { Db } from '../../main/db/open-database';
import { ppeCode, regionCode } from './sync-schemas';

/** A GEK member's token RCOI has registered for a PPE and an exam date: who may ask for that day's key. */
export interface GekToken {
  staffId: string;
  serial: string | null;
  spkiDer: Buffer;
  /** hex SHA-256 of the SPKI DER (main/exam-keys/key-wrap.ts tokenKeyId). */
  tokenKey: string;
}

/** Body of POST /admin/gek-tokens: a GEK member's token registered by hand for a PPE and a date (tests). */
export const gekTokenRequestSchema = z.strictObject({
  regionCode,
  ppeCode,
  date: z.iso.date(),
  staffId: z.string().min(1).max(64),
  publicKey: z.string().max(4096).refine(isP256Spki, 'not a base64 SPKI of an ECDSA P-256 public key'),
  serial: z.string().min(1).max(64).nullable().default(null),
});
export type GekTokenRequest = z.input<typeof gekTokenRequestSchema>;

function isP256Spki(value: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}

const GEK_MEMBER = 5;

/**
 * Which GEK members' tokens RCOI has registered for a PPE on a date. Two sources, as a regional centre has them: the
 * newest published distribution bundle of each exam of that PPE on that date (its staff of role 5 with a
 * `token.publicKey`: RCOI assigns GEK members to PPEs in the distribution), and tokens registered by hand
 * (POST /admin/gek-tokens; tests register a SoftHSM token's key this way). The same token twice counts once.
 */
export class GekRegistry {
  constructor(private readonly db: Db) {}

  register(request: GekTokenRequest, now: Date): GekToken {
    const r = gekTokenRequestSchema.parse(request);
    const spkiDer = Buffer.from(r.publicKey, 'base64');
    const tokenKey = createHash('sha256').update(spkiDer).digest('hex');
    this.db
      .prepare(
        `INSERT INTO gek_tokens (region_code, ppe_code, exam_date, staff_id, public_key, token_key, serial, registered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (region_code, ppe_code, exam_date, token_key) DO UPDATE SET staff_id = excluded.staff_id,
           public_key = excluded.public_key, serial = excluded.serial, registered_at = excluded.registered_at`,
      )
      .run(r.regionCode, r.ppeCode, r.date, r.staffId, spkiDer.toString('base64'), tokenKey, r.serial, now.toISOString());
    return { staffId: r.staffId, serial: r.serial, spkiDer, tokenKey };
  }

  /** Every GEK member's token registered for this PPE and date, in a stable order (staff id, then token). */
  membersFor(region: string, ppe: string, date: string): GekToken[] {
    const found = new Map<string, GekToken>();
    const add = (t: GekToken) => {
      if (!found.has(t.tokenKey)) found.set(t.tokenKey, t);
    };
    const byHand = this.db
      .prepare<[string, string, string], { staffId: string; serial: string | null; publicKey: string; tokenKey: string }>(
        `SELECT staff_id AS staffId, serial, public_key AS publicKey, token_key AS tokenKey FROM gek_tokens
         WHERE region_code = ? AND ppe_code = ? AND exam_date = ?`,
      )
      .all(region, ppe, date);
    for (const row of byHand) add({ staffId: row.staffId, serial: row.serial, spkiDer: Buffer.from(row.publicKey, 'base64'), tokenKey: row.tokenKey });
    for (const t of this.fromBundles(region, ppe, date)) add(t);
    return [...found.values()].sort((a, b) => a.staffId.localeCompare(b.staffId) || a.tokenKey.localeCompare(b.tokenKey));
  }

  /** The GEK members with a token in the newest bundle of each exam (subject, form) of that PPE and date. */
  private fromBundles(region: string, ppe: string, date: string): GekToken[] {
    const files = this.db
      .prepare<[string, string, string], { fileText: string }>(
        `SELECT file_text AS fileText FROM (
           SELECT file_text, row_number() OVER (PARTITION BY subject_code, form ORDER BY version DESC) AS rank
           FROM published_bundles WHERE region_code = ? AND ppe_code = ? AND exam_date = ?)
         WHERE rank = 1`,
      )
      .all(region, ppe, date);
    const out: GekToken[] = [];
    for (const { fileText } of files) {
      // The server's own published files; one that is not a bundle (a test's tampered file) simply names nobody.
      try {
        const envelope = bundleEnvelopeSchema.parse(JSON.parse(fileText));
        const payload = bundlePayloadSchema.parse(JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')));
        for (const s of payload.staff) {
          if (s.roleCode !== GEK_MEMBER || s.token === undefined) continue;
          const spkiDer = Buffer.from(s.token.publicKey, 'base64');
          out.push({ staffId: String(s.id), serial: s.token.serial, spkiDer, tokenKey: createHash('sha256').update(spkiDer).digest('hex') });
        }
      } catch {
        continue;
      }
    }
    return out;
  }
}
