import { z } from 'zod';
import { specialConditionSchema } from '../ipc/dto';
import { createPublicKey } from 'node:crypto';
import { normaliseSeat, safeText } from './text-rules';

/** A base64 SubjectPublicKeyInfo that node:crypto reads as an EC key on P-256 (prime256v1). */
function isP256Spki(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(value, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}

/**
 * The distribution bundle (списки распределения) that RCOI sends a PPE for one exam. See README.md beside this
 * file for the format in prose. In short, a bundle file is JSON:
 *
 *   { "format": "ppe-distribution-bundle", "formatVersion": 1,
 *     "payload": "<base64 of the UTF-8 JSON payload>",
 *     "signature": { "alg": "Ed25519", "keyId": "<hex SHA-256 of the signer's SPKI DER>", "value": "<base64>" } }
 *
 * The signature covers the payload bytes exactly as they are (after base64 decoding), so no re-serialisation
 * is ever needed to check it.
 */
export const BUNDLE_FORMAT = 'ppe-distribution-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

export const bundleEnvelopeSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  payload: z.string().min(1),
  signature: z
    .object({
      alg: z.literal('Ed25519'),
      keyId: z.string().regex(/^[0-9a-f]{64}$/),
      value: z.string().min(1),
    })
    .optional(),
});
export type BundleEnvelope = z.infer<typeof bundleEnvelopeSchema>;

// Room (and PPE) codes have exactly one spelling: four ASCII digits. '101', 'О1О1' with Cyrillic О, full-width
// digits or spaces around are refused here, never matched to another room or taken for a new one.
const code4 = z.string().regex(/^[0-9]{4}$/);
// Text is checked and NFC-normalised before anything compares or stores it (text-rules.ts).
const name = safeText({ name: true }).pipe(z.string().min(1).max(100));

export const bundlePersonSchema = z.object({
  id: safeText().pipe(z.string().min(1).max(64)),
  lastName: name,
  firstName: name,
  middleName: safeText({ name: true }).pipe(z.string().max(100)).default(''),
});

export const bundleParticipantSchema = bundlePersonSchema.extend({
  document: z.object({
    series: safeText().pipe(z.string().max(10)).default(''),
    number: safeText().pipe(z.string().min(1).max(20)),
  }),
  auditoriumCode: code4,
  // Compared and stored in its canonical spelling (normaliseSeat): look-alike letters, case and leading zeros
  // cannot make one seat into two.
  seat: z.string().transform(normaliseSeat).pipe(z.string().regex(/^[0-9]{1,2}[А-ЯA-Z]?$/)),
  specialConditions: z.array(specialConditionSchema).default([]),
});
export type BundleParticipant = z.infer<typeof bundleParticipantSchema>;

/**
 * A GEK member's token as RCOI knows it (optional; only for roleCode 5): the public key of the member's signing key
 * (base64 SPKI DER, ECDSA P-256 today), and the token's serial and label where RCOI has them. Applying the bundle
 * registers it to the member (main/tokens/bundle-tokens.ts); without it the member's token is enrolled at HQ.
 */
export const bundleTokenSchema = z.object({
  algorithm: z.literal('ECDSA-P256-SHA256').default('ECDSA-P256-SHA256'),
  publicKey: z
    .string()
    .max(4096)
    .refine(isP256Spki, { message: 'not a base64 SPKI of an ECDSA P-256 public key' }),
  serial: safeText().pipe(z.string().min(1).max(64)).nullable().default(null),
  label: safeText().pipe(z.string().max(64)).nullable().default(null),
});
export type BundleToken = z.infer<typeof bundleTokenSchema>;

// A token on anyone but a GEK member is refused when the bundle is applied (BUNDLE_INVALID_CONTENT, staff.N.token):
// a refinement here would stop the demo dataset from reusing this schema with .omit().
export const bundleStaffSchema = bundlePersonSchema.extend({
  roleCode: z.number().int().min(1).max(9),
  auditoriumCode: code4.nullable().default(null),
  token: bundleTokenSchema.optional(),
});
export type BundleStaff = z.infer<typeof bundleStaffSchema>;

export const bundlePayloadSchema = z.object({
  bundleId: z.string().uuid(),
  version: z.number().int().positive(),
  issuedAt: z.iso.datetime(),
  regionCode: z.string().regex(/^\d{2}$/),
  ppeCode: code4,
  exam: z.object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    subjectCode: z.number().int().positive(),
    form: z.enum(['EGE', 'GVE']),
  }),
  participants: z.array(bundleParticipantSchema).max(5000),
  staff: z.array(bundleStaffSchema).max(1000),
});
export type BundlePayload = z.infer<typeof bundlePayloadSchema>;
