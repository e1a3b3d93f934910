import { AppError } from '../kernel/app-error';
import type { CryptoSuite } from '../crypto/crypto-suite';
import { BUNDLE_FORMAT, bundleEnvelopeSchema, bundlePayloadSchema, type BundlePayload } from './bundle-format';
import { BAD_TEXT_PARAM } from './text-rules';

export interface VerifiedBundle {
  payload: BundlePayload;
  /** SHA-256 of the bundle file as received. */
  sha256: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Turns the text of a bundle file into a verified payload, or refuses it with the reason a person can act on.
 * Checks run from the outside in: is it JSON at all, is it our format, is it signed, is it signed by the RCOI
 * key pinned at set-up, does the content match the schema. Nothing is written here.
 */
export function readBundle(content: string, pinnedRcoiKey: string, crypto: CryptoSuite): VerifiedBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    throw new AppError('BUNDLE_MALFORMED', { reason: 'not_json' });
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== BUNDLE_FORMAT) {
    throw new AppError('BUNDLE_MALFORMED', { reason: 'not_a_bundle' });
  }
  if ((raw as { signature?: unknown }).signature === undefined) throw new AppError('BUNDLE_UNSIGNED');
  const envelope = bundleEnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new AppError('BUNDLE_MALFORMED', { reason: 'envelope' });
  const { payload, signature } = envelope.data;
  if (!signature) throw new AppError('BUNDLE_UNSIGNED');
  if (!BASE64.test(payload) || !BASE64.test(signature.value)) {
    throw new AppError('BUNDLE_MALFORMED', { reason: 'encoding' });
  }

  const payloadBytes = Buffer.from(payload, 'base64');
  if (signature.keyId !== crypto.keyId(pinnedRcoiKey)) {
    throw new AppError('BUNDLE_BAD_SIGNATURE', { reason: 'unknown_key' });
  }
  if (!crypto.verify('Ed25519', pinnedRcoiKey, payloadBytes, Buffer.from(signature.value, 'base64'))) {
    throw new AppError('BUNDLE_BAD_SIGNATURE', { reason: 'mismatch' });
  }

  let payloadJson: unknown;
  try {
    payloadJson = JSON.parse(payloadBytes.toString('utf8'));
  } catch {
    throw new AppError('BUNDLE_INVALID_CONTENT', { path: '', detail: 'payload is not JSON' });
  }
  const parsed = bundlePayloadSchema.safeParse(payloadJson);
  if (!parsed.success) {
    // Hidden or spoofing characters get their own refusal, whatever else is wrong: it names the field to fix.
    const badText = parsed.error.issues.find((i) => i.code === 'custom' && i.params?.[BAD_TEXT_PARAM] !== undefined);
    if (badText?.code === 'custom') {
      throw new AppError('BUNDLE_BAD_TEXT', { field: badText.path.join('.'), problem: String(badText.params![BAD_TEXT_PARAM]) });
    }
    const issue = parsed.error.issues[0]!;
    throw new AppError('BUNDLE_INVALID_CONTENT', { path: issue.path.join('.'), detail: issue.message });
  }
  return { payload: parsed.data, sha256: crypto.sha256Hex(content) };
}
