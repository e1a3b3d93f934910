import { z } from 'zod';

/**
 * The payload of `room.package` (HQ → a room, sealed, dated; FORMAT.md «Kinds»): it names the exam's internet
 * package, whose folder HQ writes onto the same drive in the packages' own layout (`PPE-PACKAGES/<folder>`,
 * main/packages/write-package.ts) just before the message. The signed message binds the folder to one package and
 * to its manifest byte for byte (`manifestSha256`); the manifest's own RCOI signature and every file's hash are
 * checked by the room station as the packages capability checks a drive (room-package.ts).
 */
export const roomPackageSchema = z.strictObject({
  payloadVersion: z.literal(1),
  packageId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  manifestSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The package's folder from the drive's root: always under PPE-PACKAGES, one plain name. */
  folder: z.string().regex(/^PPE-PACKAGES\/[A-Za-z0-9_-]{1,80}$/),
  exam: z.strictObject({
    date: z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/),
    subjectCode: z.number().int().positive().max(999),
    form: z.enum(['EGE', 'GVE']),
  }),
  size: z.number().int().min(0),
  fileCount: z.number().int().min(1),
});
export type RoomPackage = z.infer<typeof roomPackageSchema>;
