import type { Alarm, Attention, Notice, PackagesExams } from '../ipc/dto';
import { localDateOf, zonedToUtc } from '../ipc/zoned-time';
import { KEY_OPENS_LOCAL } from '../exam-keys/exam-key-overview';
import { heldExamKeys } from '../exam-keys/key-store';
import type { CoreContext } from '../kernel/context';
import { readPpeConfig } from '../ppe/ppe-config';
import { stationSideOf } from '../ppe/station-info';
import { currentPackages } from '../packages/package-rows';
import { printingPlace } from '../printing/printing-place';
import { examEndUtc } from '../roster/exam-times';
import { examsOn } from '../roster/exam-queries';
import { JournalWatch } from './journal-watch';

/** Role codes of who must act (main/auth/permissions.ts). */
const PPE_HEAD = 1;
const GEK_MEMBER = 5;
const TECHNICAL_SPECIALIST = 7;

export interface AttentionDeps {
  ctx: CoreContext;
  /** The packages screen's exams part: the alarms say what the technical specialist's screen says. */
  packageExams: () => PackagesExams;
  /** This computer's clock against RCOI's, as the sync worker last measured it. */
  clockSkew: () => { alarm: boolean; seconds: number | null };
  /** The first failing signed journal anchor (main/anchors/verify-anchors.ts), if any. */
  anchorProblem?: () => { seq: number } | null;
  /**
   * Whether a room station's key for this package is in memory now (the printing service's KeyVault, which lives in
   * that one service's memory; app-core hands the question down). Absent: no key is ever active.
   */
  keyActive?: (packageId: string) => boolean;
}

/**
 * What stops today's exam (alarms, for everyone signed in) and what is due in the coming days (notices, for those
 * who may see the packages). Computed from the same facts the screens show, at the PPE's local "now": a finished exam
 * raises nothing, and nothing is stored — the answer is read again when packages, the journal or the clock move.
 */
export class AttentionService {
  private readonly journal: JournalWatch;

  constructor(private readonly deps: AttentionDeps) {
    this.journal = new JournalWatch(deps.ctx.db, deps.anchorProblem);
  }

  today(canSeePackages: boolean): Attention {
    const { ctx } = this.deps;
    const { timeZone } = readPpeConfig(ctx.db);
    const now = ctx.clock.now();
    const today = localDateOf(now, timeZone);
    // A room station gets its package on the transfer drive from HQ: the drives alarm and notices are HQ's.
    const roomStation = stationSideOf(ctx.db) === 'room';
    const packages = roomStation ? { exams: [] } : this.deps.packageExams();
    const alarms: Alarm[] = [];

    // (a) Exam day, before the exam ended: its package must be verified on both the main and the reserve drive.
    for (const exam of examsOn(ctx.db, today)) {
      if (now >= examEndUtc(exam, timeZone, false)) continue;
      const pkg = packages.exams.find((p) => p.examId === exam.id);
      if (!pkg || pkg.state === 'verified') continue;
      const copy = (role: 'main' | 'reserve') => pkg.copies.find((c) => c.role === role)?.state ?? null;
      alarms.push({
        kind: 'package_not_ready',
        who: TECHNICAL_SPECIALIST,
        fixAt: 'packages',
        examId: exam.id,
        examDate: exam.date,
        subjectName: exam.subjectName,
        startLocal: exam.startLocal,
        state: pkg.state,
        main: copy('main'),
        reserve: copy('reserve'),
      });
    }

    // (a2) The key to the exam materials, from 09:30 (when RCOI releases it, in the PPE's zone) until the exam ends.
    alarms.push(...(roomStation ? this.keyNotActive(now, timeZone) : this.keysNotReceived(now, timeZone, today)));

    // (b) A broken chain: the journal can no longer prove what happened; the head tells RCOI.
    const chain = this.journal.verification();
    if (!chain.ok && chain.problem) {
      alarms.push({ kind: 'journal_broken', who: PPE_HEAD, fixAt: 'journal', seq: chain.problem.seq, problem: chain.problem.kind });
    } else if (chain.anchor) {
      // The chain holds but a signed anchor fails: the journal was rewritten whole, or its signatures replaced.
      alarms.push({ kind: 'journal_broken', who: PPE_HEAD, fixAt: 'journal', seq: chain.anchor.seq, problem: 'anchor' });
    }

    // (c) Acts and the journal carry this computer's time: a clock out of step with RCOI's must be set right first.
    const skew = this.deps.clockSkew();
    if (skew.alarm && skew.seconds !== null) {
      alarms.push({ kind: 'clock_skew', who: TECHNICAL_SPECIALIST, fixAt: 'sync', skewSeconds: skew.seconds });
    }

    const notices: Notice[] = canSeePackages
      ? packages.exams
          .filter((p) => p.examDate > today && p.urgency !== 'none')
          .map((p) => ({
            kind: 'package_due',
            examId: p.examId,
            examDate: p.examDate,
            subjectName: p.subjectName,
            state: p.state,
            deadline: p.deadline,
            onPublicationDay: p.onPublicationDay,
            late: p.urgency === 'late',
          }))
      : [];
    return { today, alarms, notices };
  }

  /** HQ: today's exams whose package HQ holds, past 09:30 and before their end, with no main key file held. */
  private keysNotReceived(now: Date, timeZone: string, today: string): Alarm[] {
    const { db } = this.deps.ctx;
    if (now < zonedToUtc(today, KEY_OPENS_LOCAL, timeZone)) return [];
    const packages = currentPackages(db);
    return examsOn(db, today).flatMap((exam): Alarm[] => {
      if (now >= examEndUtc(exam, timeZone, false)) return [];
      const pkg = packages.get(exam.id);
      // No package here is the packages alarm's business; the key alone opens nothing.
      if (pkg?.state !== 'downloaded') return [];
      if (heldExamKeys(db, pkg.packageId).some((k) => k.kind === 'main')) return [];
      return [
        { kind: 'key_not_received', who: GEK_MEMBER, fixAt: 'examKeys', examId: exam.id, examDate: exam.date, subjectName: exam.subjectName, startLocal: exam.startLocal },
      ];
    });
  }

  /**
   * A room station: a key file for today's package is held but the key is not in memory (never activated, or the
   * app restarted), from 09:30 until the exam's end. Without a key file there is nothing to activate yet: that is
   * HQ's alarm.
   */
  private keyNotActive(now: Date, timeZone: string): Alarm[] {
    const { db } = this.deps.ctx;
    const place = printingPlace(db, now);
    if (!place?.exam || !place.pkg) return [];
    const exam = examsOn(db, place.exam.date).find((e) => e.id === place.exam!.id);
    if (!exam) return [];
    if (now < zonedToUtc(exam.date, KEY_OPENS_LOCAL, timeZone) || now >= examEndUtc(exam, timeZone, false)) return [];
    if (heldExamKeys(db, place.pkg.packageId).length === 0) return [];
    if (this.deps.keyActive?.(place.pkg.packageId) === true) return [];
    return [{ kind: 'key_not_active', who: GEK_MEMBER, fixAt: 'printing', examId: exam.id, examDate: exam.date, subjectName: exam.subjectName, startLocal: exam.startLocal }];
  }
}
