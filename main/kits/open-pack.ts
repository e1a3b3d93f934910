import { createDecipheriv } from 'node:crypto';
import { AppError } from '../kernel/app-error';
import type { PackageManifest } from '../packages/package-format';
import type { KitContent } from './kit-content';
import {
  KIT_PACK_IV_BYTES,
  KIT_PACK_MAX_PLAINTEXT_BYTES,
  KIT_PACK_TAG_BYTES,
  kitPackSchema,
  type PackPlace,
} from './kit-pack-format';

/**
 * The numbers already met in a package: one ledger per package and key, passed to every pack opened, so a КИМ or
 * blank number that turns up in a second kit is refused wherever the first one was. Blank numbers of all four
 * blanks share one space (a registration blank and an answers blank with one number would be one barcode twice).
 */
export class KitNumberLedger {
  private readonly kims = new Set<string>();
  private readonly blanks = new Set<string>();

  /** Checks every number of the pack's kits first and takes them only when all are new, so a refusal leaves no trace. */
  take(kits: readonly KitContent[], pack: string): void {
    const kims = new Set<string>();
    const blanks = new Set<string>();
    for (const kit of kits) {
      const number = kit.kim.number;
      if (this.kims.has(number) || kims.has(number)) throw new AppError('KIT_NUMBER_DUPLICATE', { number, pack, kind: 'kim', kit: kit.index });
      kims.add(number);
      for (const blank of [kit.blanks.registration, kit.blanks.answers1, ...kit.blanks.answers2]) {
        if (this.blanks.has(blank) || blanks.has(blank)) throw new AppError('KIT_NUMBER_DUPLICATE', { number: blank, pack, kind: 'blank', kit: kit.index });
        blanks.add(blank);
      }
    }
    for (const n of kims) this.kims.add(n);
    for (const n of blanks) this.blanks.add(n);
  }
}

// Strict UTF-8: a pack whose text is not valid UTF-8 is refused rather than read with replacement characters.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Opens one pack in memory: AES-256-GCM with the package key (the tag must hold), then the kits as KITS.md defines
 * them, checked against the place the manifest gives the pack (how many kits, which indexes) and against the
 * package's ledger of numbers. The plaintext never leaves this function as bytes: it is decrypted into one buffer
 * this function owns and overwritten with zeros before it returns or throws. What is returned are JavaScript strings,
 * which cannot be wiped (KITS.md, "What stays in memory").
 */
export function openKitPack(
  bytes: Buffer,
  key: Buffer,
  manifest: PackageManifest,
  place: PackPlace,
  ledger: KitNumberLedger = new KitNumberLedger(),
): KitContent[] {
  const pack = place.path;
  if (key.length !== 32) throw new AppError('KIT_PACK_UNREADABLE', { pack, reason: 'key_length' });
  if (bytes.length < KIT_PACK_IV_BYTES + KIT_PACK_TAG_BYTES + 1) throw new AppError('KIT_PACK_UNREADABLE', { pack, reason: 'short' });
  if (bytes.length - KIT_PACK_IV_BYTES - KIT_PACK_TAG_BYTES > KIT_PACK_MAX_PLAINTEXT_BYTES) {
    throw new AppError('KIT_PACK_INVALID', { pack, reason: 'too_large' });
  }
  const plaintext = decrypt(bytes, key, pack);
  try {
    const kits = parsePack(plaintext, pack);
    checkPlace(kits, manifest, place);
    ledger.take(kits, pack);
    return kits;
  } finally {
    plaintext.fill(0);
  }
}

function decrypt(bytes: Buffer, key: Buffer, pack: string): Buffer {
  const iv = bytes.subarray(0, KIT_PACK_IV_BYTES);
  const tag = bytes.subarray(bytes.length - KIT_PACK_TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  // One update over the whole ciphertext: one plaintext buffer to wipe, no concatenated copies.
  const plaintext = decipher.update(bytes.subarray(KIT_PACK_IV_BYTES, bytes.length - KIT_PACK_TAG_BYTES));
  try {
    decipher.final();
  } catch {
    // Unauthenticated plaintext is never looked at.
    plaintext.fill(0);
    throw new AppError('KIT_PACK_UNREADABLE', { pack, reason: 'tag' });
  }
  return plaintext;
}

function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function parsePack(plaintext: Buffer, pack: string): KitContent[] {
  // Trailing JSON whitespace (the builder's padding) is cut off before decoding: megabytes of spaces never become a string.
  let end = plaintext.length;
  while (end > 0 && isJsonSpace(plaintext[end - 1]!)) end--;
  let text: string;
  try {
    text = utf8.decode(plaintext.subarray(0, end));
  } catch {
    throw new AppError('KIT_PACK_INVALID', { pack, reason: 'not_utf8' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('KIT_PACK_INVALID', { pack, reason: 'not_json' });
  }
  const parsed = kitPackSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('KIT_PACK_INVALID', { pack, reason: 'content', path: issue.path.join('.'), detail: issue.message });
  }
  return parsed.data.kits;
}

/** The pack holds exactly the kits the manifest places in it, of the package's subject. */
function checkPlace(kits: KitContent[], manifest: PackageManifest, place: PackPlace): void {
  const pack = place.path;
  if (kits.length !== place.kits) {
    throw new AppError('KIT_PACK_INVALID', { pack, reason: 'count', detail: `${kits.length} kits, the manifest says ${place.kits}` });
  }
  for (const [i, kit] of kits.entries()) {
    if (kit.index !== place.firstKit + i) {
      throw new AppError('KIT_PACK_INVALID', { pack, reason: 'index', detail: `kit ${kit.index} where ${place.firstKit + i} belongs` });
    }
    if (kit.kim.subjectCode !== manifest.exam.subjectCode) {
      throw new AppError('KIT_PACK_INVALID', { pack, reason: 'subject', detail: `kit ${kit.index}: subject ${kit.kim.subjectCode}` });
    }
  }
}
