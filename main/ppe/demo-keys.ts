import { createHash, createPublicKey } from 'node:crypto';
import { AppError } from '../kernel/app-error';

/**
 * The demo RCOI signing key: its public half is pinned by the training PPE (assets/demo/demo-ppe.json,
 * `rcoiPublicKey`), and its PRIVATE half is published in this repository (tests/rcoi-server/fixtures) so that the
 * reference server can sign the demo's lists and packages. Anybody can therefore sign anything with it: it may be
 * trusted in training mode only. This is the one place that names it (as the hex SHA-256 of its SPKI DER — the key id
 * the bundle and package formats use); migrations/0060_training_sealed.sql repeats the key for the database's own
 * guard, and tests/security/training-sealed.test.ts checks that the two and demo-ppe.json agree.
 */
export const DEMO_RCOI_KEY_ID = '2e576d87506787b1b6f3a1da60bcf932a658fab3209d1f8641ef8be4696144b0';

/**
 * Key id of a base64 SPKI DER public key after re-encoding it canonically, so that a variant spelling of the same key
 * (other base64 padding or whitespace, a needlessly long DER length) cannot pass for another key.
 */
function canonicalKeyId(publicKeySpkiBase64: string): string {
  const der = Buffer.from(publicKeySpkiBase64, 'base64');
  let canonical: Buffer = der;
  try {
    canonical = createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' });
  } catch {
    // Not a key Node can read: nothing verifies with it either; compare the bytes as they are.
  }
  return createHash('sha256').update(canonical).digest('hex');
}

// The PPE configuration is read on nearly every call; a station pins one key, so the verdict is kept per spelling.
const verdicts = new Map<string, boolean>();

export function isDemoKey(publicKeySpkiBase64: string): boolean {
  let verdict = verdicts.get(publicKeySpkiBase64);
  if (verdict === undefined) {
    verdict = canonicalKeyId(publicKeySpkiBase64) === DEMO_RCOI_KEY_ID;
    if (verdicts.size > 16) verdicts.clear();
    verdicts.set(publicKeySpkiBase64, verdict);
  }
  return verdict;
}

/**
 * Call wherever a pinned RCOI key is about to be trusted (bundles, packages, sync answers): the demo key is refused
 * outside training mode, whatever it signed.
 */
export function assertKeyAllowed(pinnedKey: string, trainingMode: boolean): void {
  if (!trainingMode && isDemoKey(pinnedKey)) throw new AppError('DEMO_KEY_OUTSIDE_TRAINING');
}
