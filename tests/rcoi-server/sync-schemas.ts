import { z } from 'zod';
import { HttpError } from './http-json';

/** Request bodies of the sync protocol (main/sync/PROTOCOL.md) as this server accepts them. */

export const MAX_CHUNK_SIZE = 16 * 1024 * 1024;
export const MAX_LARGE_ITEM_SIZE = 4 * 1024 * 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sha256Hex = z.string().regex(/^[0-9a-fA-F]{64}$/).transform((s) => s.toLowerCase());
const kind = z.string().min(1).max(64);
const stream = z.string().min(1).max(128);
const schemaVersion = z.number().int().min(1);
export const regionCode = z.string().regex(/^\d{2}$/);
export const ppeCode = z.string().regex(/^\d{4}$/);

export const enrolRequestSchema = z.object({
  regionCode,
  ppeCode,
  // The protocol gives no type or range; the app's client sends a string ("1", the bench "100001").
  stationNumber: z
    .union([z.number(), z.string().regex(/^\d{1,9}$/)])
    .transform(Number)
    .pipe(z.number().int().min(0).max(999_999_999)),
  enrolmentCode: z.string().min(1).max(64),
  publicKey: z.string().min(1).max(4096),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const smallItemSchema = z
  .object({ kind, schemaVersion, stream, payload: z.unknown() })
  .refine((item) => item.payload !== undefined, { message: 'payload is required', path: ['payload'] });
export type SmallItem = z.infer<typeof smallItemSchema>;

export const uploadDeclarationSchema = z.object({
  itemId: z.string().regex(UUID).transform((s) => s.toLowerCase()),
  kind,
  schemaVersion,
  stream,
  size: z.number().int().min(0).max(MAX_LARGE_ITEM_SIZE),
  sha256: sha256Hex,
  chunkSize: z.number().int().min(1).max(MAX_CHUNK_SIZE),
});
export type UploadDeclaration = z.infer<typeof uploadDeclarationSchema>;

export const CHUNK_SHA256 = /^[0-9a-f]{64}$/;

/** Parses with a schema or ends the request with 400 `{ error: 'bad_request' }` saying what is wrong. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, z.prettifyError(parsed.error), 'bad_request');
  return parsed.data;
}

/** Item ids are client-chosen UUIDs; they name files here, so nothing else gets through. Lowercased: one id, one item. */
export function itemIdFrom(segment: string): string {
  if (!UUID.test(segment)) throw new HttpError(400, `item id must be a UUID: ${segment}`, 'bad_request');
  return segment.toLowerCase();
}

/** Chunks of an item: at least one, so an empty file is one empty chunk (as the app's uploader sends it). */
export function chunkCount(size: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(size / chunkSize));
}

export function chunkLength(size: number, chunkSize: number, index: number): number {
  return Math.max(0, Math.min(chunkSize, size - index * chunkSize));
}
