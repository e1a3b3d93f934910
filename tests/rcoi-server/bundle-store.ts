import { createHash } from 'node:crypto';
import type { Db } from '../../main/db/open-database';
import type { BundleMeta } from './bundle-key';

/** One row of GET /api/v1/ppe/:region/:ppe/bundles. */
export interface BundleListEntry {
  bundleId: string;
  examDate: string;
  subjectCode: number;
  form: 'EGE' | 'GVE';
  version: number;
  sha256: string;
  size: number;
}

export interface StoredBundleFile {
  text: string;
  sha256: string;
}

/** Refusal to publish over an existing bundle id or version: RCOI never rewrites what it has sent. */
export class BundleConflictError extends Error {}

const LIST_COLUMNS = `bundle_id AS bundleId, exam_date AS examDate, subject_code AS subjectCode, form, version, sha256,
  length(CAST(file_text AS BLOB)) AS size`;

/** The published bundles of the reference RCOI, in its SQLite file. */
export class BundleStore {
  constructor(private readonly db: Db) {}

  has(bundleId: string): boolean {
    return this.db.prepare('SELECT 1 FROM published_bundles WHERE bundle_id = ?').get(bundleId) !== undefined;
  }

  insert(meta: BundleMeta, fileText: string, publishedAt: Date): BundleListEntry {
    const sha256 = createHash('sha256').update(fileText, 'utf8').digest('hex');
    const taken = this.db
      .prepare(
        `SELECT bundle_id FROM published_bundles WHERE bundle_id = ? OR (region_code = ? AND ppe_code = ?
           AND exam_date = ? AND subject_code = ? AND form = ? AND version = ?)`,
      )
      .get(meta.bundleId, meta.regionCode, meta.ppeCode, meta.examDate, meta.subjectCode, meta.form, meta.version);
    if (taken !== undefined) {
      throw new BundleConflictError(
        `bundle ${meta.bundleId} or version ${meta.version} of ${meta.examDate}/${meta.subjectCode}/${meta.form} is already published`,
      );
    }
    this.db
      .prepare(
        `INSERT INTO published_bundles (bundle_id, region_code, ppe_code, exam_date, subject_code, form, version,
           sha256, file_text, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        meta.bundleId, meta.regionCode, meta.ppeCode, meta.examDate, meta.subjectCode, meta.form, meta.version,
        sha256, fileText, publishedAt.toISOString(),
      );
    return this.entry(meta.bundleId)!;
  }

  /** Only the newest version of each (exam date, subject, form): an older list is superseded, never merged. */
  latestFor(regionCode: string, ppeCode: string): BundleListEntry[] {
    return this.db
      .prepare(
        `SELECT ${LIST_COLUMNS} FROM (
           SELECT *, row_number() OVER (PARTITION BY exam_date, subject_code, form ORDER BY version DESC) AS rank
           FROM published_bundles WHERE region_code = ? AND ppe_code = ?)
         WHERE rank = 1 ORDER BY exam_date, subject_code, form`,
      )
      .all(regionCode, ppeCode) as BundleListEntry[];
  }

  entry(bundleId: string): BundleListEntry | undefined {
    return this.db.prepare(`SELECT ${LIST_COLUMNS} FROM published_bundles WHERE bundle_id = ?`).get(bundleId) as
      | BundleListEntry
      | undefined;
  }

  file(bundleId: string): StoredBundleFile | undefined {
    return this.db.prepare('SELECT file_text AS text, sha256 FROM published_bundles WHERE bundle_id = ?').get(bundleId) as
      | StoredBundleFile
      | undefined;
  }
}
