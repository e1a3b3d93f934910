import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { act, recordAct } from '../kernel/unit-of-work';
import { readPpeConfig } from '../ppe/ppe-config';
import type { CryptoSuite } from '../crypto/crypto-suite';
import type { BundleRow, ImportResult } from '../ipc/dto';
import { findExam } from '../roster/exam-queries';
import { localDateOf } from '../ipc/zoned-time';
import { applyDistribution, checkDistribution } from './apply-distribution';
import { checkBundleTokens, registerBundleTokens } from '../tokens/bundle-tokens';
import { readBundle } from './read-bundle';
import { visibleText } from './text-rules';

/**
 * Imports distribution bundles. All or nothing: the file is verified first, then every check and every write
 * runs in one transaction with its journal entry, so a refused bundle leaves no trace but the refusal.
 */
export class BundleService {
  constructor(
    private readonly ctx: CoreContext,
    private readonly crypto: CryptoSuite,
  ) {}

  list(): BundleRow[] {
    return this.ctx.db
      .prepare<
        [],
        {
          bundle_id: string;
          exam_id: number;
          version: number;
          issued_at: string;
          imported_at: string;
          imported_by: string | null;
          participants: number;
          staff: number;
          sha256: string;
        }
      >(
        `SELECT b.*, st.last_name || ' ' || st.first_name AS imported_by
         FROM distribution_bundle b LEFT JOIN staff st ON st.id = b.imported_by
         ORDER BY b.imported_at DESC, b.id DESC`,
      )
      .all()
      .map((r) => ({
        bundleId: r.bundle_id,
        examId: r.exam_id,
        version: r.version,
        issuedAt: r.issued_at,
        importedAt: r.imported_at,
        importedBy: r.imported_by,
        participants: r.participants,
        staff: r.staff,
        sha256: r.sha256,
      }));
  }

  /** The newest version imported for each bundle id known here: lets the RCOI fetch skip what is already in. */
  knownBundleIds(): Set<string> {
    return new Set(
      this.ctx.db
        .prepare<[], { bundle_id: string }>('SELECT bundle_id FROM distribution_bundle')
        .all()
        .map((r) => r.bundle_id),
    );
  }

  /**
   * Imports one bundle file, all or nothing. A refusal is journaled (in its own transaction, since the import's
   * rolled back) with the file's name and hash and the reason — except a list for an exam already past, which is
   * history, not a threat; and except when the caller runs the import inside its own transaction (the RCOI feed),
   * because that caller records the outcome itself.
   */
  import(actor: Actor, fileName: string, content: string): ImportResult {
    const callerOwnsRecord = this.ctx.db.inTransaction;
    try {
      return this.importChecked(actor, fileName, content);
    } catch (e) {
      if (e instanceof AppError && e.code !== 'BUNDLE_EXAM_PAST' && !callerOwnsRecord) this.recordRefusal(actor, fileName, content, e);
      throw e;
    }
  }

  private recordRefusal(actor: Actor, fileName: string, content: string, error: AppError): void {
    recordAct(this.ctx, actor, 'bundle.refused', {
      fileName: visibleText(fileName),
      sha256: this.crypto.sha256Hex(content),
      size: Buffer.byteLength(content),
      error: error.toPayload(),
    });
  }

  private importChecked(actor: Actor, fileName: string, content: string): ImportResult {
    const ppe = readPpeConfig(this.ctx.db);
    const { payload, sha256 } = readBundle(content, ppe.rcoiPublicKey, this.crypto);
    if (payload.regionCode !== ppe.regionCode || payload.ppeCode !== ppe.code) {
      throw new AppError('BUNDLE_OTHER_PPE', {
        bundleRegion: payload.regionCode,
        bundlePpe: payload.ppeCode,
        region: ppe.regionCode,
        ppe: ppe.code,
      });
    }
    return act(this.ctx, actor, (work): ImportResult => {
      const db = work.db;
      const exam = findExam(db, payload.exam.date, payload.exam.subjectCode, payload.exam.form);
      if (!exam) {
        throw new AppError('BUNDLE_UNKNOWN_EXAM', { date: payload.exam.date, subjectCode: payload.exam.subjectCode });
      }
      const today = localDateOf(work.at, ppe.timeZone);
      if (exam.date < today) throw new AppError('BUNDLE_EXAM_PAST', { date: exam.date });

      const summary = {
        examId: exam.id,
        examDate: exam.date,
        subjectName: exam.subjectName,
        version: payload.version,
        participants: payload.participants.length,
        staff: payload.staff.length,
      };
      const same = db
        .prepare<[string], { sha256: string; version: number }>(
          'SELECT sha256, version FROM distribution_bundle WHERE bundle_id = ?',
        )
        .get(payload.bundleId);
      if (same?.sha256 === sha256) {
        return { ...summary, status: 'unchanged', previousVersion: same.version, added: 0, removed: 0, moved: 0 };
      }
      const current = exam.bundleVersion;
      if (current !== null && payload.version < current) {
        throw new AppError('BUNDLE_OUTDATED', { version: payload.version, currentVersion: current });
      }
      if (current !== null && payload.version === current) {
        throw new AppError('BUNDLE_VERSION_CONFLICT', { version: payload.version });
      }

      checkDistribution(db, payload.participants, payload.staff);
      checkBundleTokens(payload.staff);
      const change = applyDistribution(db, exam.id, payload.participants, payload.staff);
      // GEK members' tokens RCOI gives with the lists (staff[].token): registered in this same act (main/tokens).
      registerBundleTokens(work, payload.bundleId, payload.staff);
      const now = work.at.toISOString();
      db.prepare(
        `INSERT INTO distribution_bundle
           (bundle_id, exam_id, version, issued_at, sha256, imported_at, imported_by, participants, staff)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        payload.bundleId,
        exam.id,
        payload.version,
        payload.issuedAt,
        sha256,
        now,
        actor.staffId,
        payload.participants.length,
        payload.staff.length,
      );
      // RCOI wants to know the PPE has the lists: the receipt leaves with the change, through the outbox.
      work.send('bundle.distribution_received', {
        bundleId: payload.bundleId,
        examDate: exam.date,
        subjectCode: exam.subjectCode,
        version: payload.version,
        participants: payload.participants.length,
        staff: payload.staff.length,
      });
      work.changed('roster', 'bundles', 'staff');
      work.record('bundle.imported', {
        bundleId: payload.bundleId,
        fileName: visibleText(fileName),
        sha256,
        examId: exam.id,
        examDate: exam.date,
        subjectCode: exam.subjectCode,
        version: payload.version,
        previousVersion: current,
        participants: payload.participants.length,
        staff: payload.staff.length,
        ...change,
      });
      return { ...summary, status: current === null ? 'imported' : 'updated', previousVersion: current, ...change };
    });
  }
}
