import { z } from 'zod';
import { specialConditionSchema } from '../ipc/dto';

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

const code4 = z.string().regex(/^\d{4}$/);
const name = z.string().trim().min(1).max(100);

export const bundlePersonSchema = z.object({
  id: z.string().min(1).max(64),
  lastName: name,
  firstName: name,
  middleName: z.string().trim().max(100).default(''),
});

export const bundleParticipantSchema = bundlePersonSchema.extend({
  document: z.object({ series: z.string().max(10).default(''), number: z.string().min(1).max(20) }),
  auditoriumCode: code4,
  seat: z.string().regex(/^\d{1,2}[А-ЯA-Z]?$/),
  specialConditions: z.array(specialConditionSchema).default([]),
});
export type BundleParticipant = z.infer<typeof bundleParticipantSchema>;

export const bundleStaffSchema = bundlePersonSchema.extend({
  roleCode: z.number().int().min(1).max(9),
  auditoriumCode: code4.nullable().default(null),
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
