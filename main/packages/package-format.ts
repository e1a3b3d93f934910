import { z } from 'zod';

/**
 * The internet package (интернет-пакет) of one exam date and subject for one PPE: all rooms' encrypted material
 * plus reserve kits, kits encrypted in packs of 5 (seed, section 6.2). See README.md beside this file.
 *
 * On disk (RCOI's download, the main and the reserve flash drive alike) a package is a folder:
 *   manifest.json        the signed manifest (envelope below)
 *   packs/NNNN.bin       one AES-256-GCM encrypted pack each; the app verifies and copies them, never decrypts
 */
export const PACKAGE_FORMAT = 'ppe-internet-package';
export const MANIFEST_FILE = 'manifest.json';
/** The largest manifest the app reads, from RCOI or a drive: a real one is a few hundred KiB at 10 000 files. */
export const MANIFEST_MAX_BYTES = 1024 * 1024;

export const manifestEnvelopeSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  formatVersion: z.literal(1),
  manifest: z.string().min(1),
  signature: z.object({ alg: z.literal('Ed25519'), keyId: z.string().regex(/^[0-9a-f]{64}$/), value: z.string().min(1) }).optional(),
});

/**
 * A path inside the package: relative, forward slashes, no '..', no drive letters, conservative characters — so a
 * manifest can never make the app read or write outside the package folder, on any operating system or FAT drive.
 */
export const packagePathSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/, 'unsafe path')
  .refine((p) => !p.split('/').some((s) => s === '.' || s === '..'), 'unsafe path')
  .refine((p) => !p.split('/').some(unholdableSegment), 'a name Windows or FAT cannot hold, or one of our own');

// CON, PRN, AUX, NUL, COM1–9, LPT1–9 are devices on Windows whatever the extension (`nul.txt` too).
const RESERVED_DEVICE = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * A segment Windows or FAT cannot hold (a device name, a trailing dot or space — Windows drops them, so two names
 * become one), or one that collides with the app's own files: `manifest.json` in any case at any level (FAT ignores
 * case; one level down it would be a package inside the package) and anything ending in `.partial`, the name of our
 * temporaries, which a crash cleanup might otherwise take for a leftover.
 */
function unholdableSegment(segment: string): boolean {
  const lower = segment.toLowerCase();
  return RESERVED_DEVICE.test(segment) || /[. ]$/.test(segment) || lower === MANIFEST_FILE || lower.endsWith('.partial');
}

export const packageManifestSchema = z.object({
  packageId: z.string().uuid(),
  version: z.number().int().positive(),
  publishedAt: z.iso.datetime(),
  regionCode: z.string().regex(/^\d{2}$/),
  ppeCode: z.string().regex(/^\d{4}$/),
  exam: z.object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    subjectCode: z.number().int().positive(),
    form: z.enum(['EGE', 'GVE']),
    dayKind: z.enum(['main', 'reserve']),
  }),
  rooms: z.array(z.object({ auditoriumCode: z.string().regex(/^\d{4}$/), kits: z.number().int().min(0).max(25) })),
  reserveKits: z.number().int().min(0),
  packSize: z.literal(5),
  encryption: z.object({ alg: z.literal('AES-256-GCM'), keyId: z.string().min(1) }),
  files: z
    .array(z.object({ path: packagePathSchema, size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/), kits: z.number().int().min(1).max(5) }))
    .min(1)
    .max(10_000)
    .refine((files) => new Set(files.map((f) => f.path.toLowerCase())).size === files.length, 'a path is listed twice'),
});
export type PackageManifest = z.infer<typeof packageManifestSchema>;
