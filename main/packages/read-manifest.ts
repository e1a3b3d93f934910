import { AppError } from '../kernel/app-error';
import type { CryptoSuite } from '../crypto/crypto-suite';
import { manifestEnvelopeSchema, packageManifestSchema, type PackageManifest } from './package-format';

export interface ExpectedPackage {
  regionCode: string;
  ppeCode: string;
  /** The exams on this PPE's schedule: a package for any other date or subject is refused. */
  exams: { date: string; subjectCode: number; form: string }[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Verifies a package's manifest: our format, signed by the pinned RCOI key, well-formed (safe paths among others),
 * and meant for this PPE and one of its exams. Refusals use the bundle error codes, whose words fit packages too.
 */
export function readManifest(text: string, pinnedRcoiKey: string, crypto: CryptoSuite, expected: ExpectedPackage): PackageManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('PACKAGE_MANIFEST_BAD', { reason: 'not_json' });
  }
  const envelope = manifestEnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new AppError('PACKAGE_MANIFEST_BAD', { reason: 'not_a_package' });
  const { manifest, signature } = envelope.data;
  if (!signature) throw new AppError('PACKAGE_MANIFEST_BAD', { reason: 'unsigned' });
  if (!BASE64.test(manifest) || !BASE64.test(signature.value)) throw new AppError('PACKAGE_MANIFEST_BAD', { reason: 'encoding' });
  const bytes = Buffer.from(manifest, 'base64');
  if (signature.keyId !== crypto.keyId(pinnedRcoiKey) || !crypto.verify('Ed25519', pinnedRcoiKey, bytes, Buffer.from(signature.value, 'base64'))) {
    throw new AppError('PACKAGE_MANIFEST_BAD', { reason: 'signature' });
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new AppError('PACKAGE_MANIFEST_BAD', { reason: 'content' });
  }
  const parsed = packageManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('PACKAGE_MANIFEST_BAD', { reason: 'content', path: issue.path.join('.'), detail: issue.message });
  }
  const m = parsed.data;
  if (m.regionCode !== expected.regionCode || m.ppeCode !== expected.ppeCode) {
    throw new AppError('PACKAGE_OTHER_PPE', { packagePpe: m.ppeCode, ppe: expected.ppeCode });
  }
  if (!expected.exams.some((e) => e.date === m.exam.date && e.subjectCode === m.exam.subjectCode && e.form === m.exam.form)) {
    throw new AppError('PACKAGE_UNKNOWN_EXAM', { date: m.exam.date, subjectCode: m.exam.subjectCode });
  }
  return m;
}
