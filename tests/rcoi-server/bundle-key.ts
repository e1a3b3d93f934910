import { createHash } from 'node:crypto';
import type { BundlePayload } from '../../main/bundles/bundle-format';

/** What identifies one version of one exam's distribution list for one PPE. */
export interface BundleKey {
  regionCode: string;
  ppeCode: string;
  examDate: string;
  subjectCode: number;
  form: 'EGE' | 'GVE';
  version: number;
}

/** Where a bundle sits in the server's list: its key plus the bundle's own id. */
export interface BundleMeta extends BundleKey {
  bundleId: string;
}

export function bundleMetaOf(payload: BundlePayload): BundleMeta {
  return {
    bundleId: payload.bundleId,
    regionCode: payload.regionCode,
    ppeCode: payload.ppeCode,
    examDate: payload.exam.date,
    subjectCode: payload.exam.subjectCode,
    form: payload.exam.form,
    version: payload.version,
  };
}

/**
 * A UUID-shaped id derived from the bundle key, so the same exam and version always get the same id: the demo
 * can republish on every start without duplicates. Version nibble 4 and RFC variant bits keep z.uuid() happy.
 */
export function bundleIdFor(key: BundleKey): string {
  const material = [key.regionCode, key.ppeCode, key.examDate, key.subjectCode, key.form, key.version].join('|');
  const hex = createHash('sha256').update(`ppe-distribution-bundle|${material}`).digest('hex').slice(0, 32).split('');
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
