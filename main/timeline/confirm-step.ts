import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { act } from '../kernel/unit-of-work';
import type { StepConfirmation } from '../ipc/dto';
import { localDateOf } from '../ipc/zoned-time';
import { readPpeConfig } from '../ppe/ppe-config';
import { examById } from '../roster/exam-queries';
import { confirmationOf, insertConfirmation } from './confirmations';
import { KEY_STEP, keyReceipt } from './key-receipt';
import { dayPlan } from './timeline-service';

export interface ConfirmResult {
  confirmation: StepConfirmation;
  alreadyConfirmed: boolean;
}

/**
 * A person confirms a step of today's exam (confirmable-steps.ts): one row and its journal entry in one act, and the
 * screens showing the timeline re-read. Refused: a step the clock alone moves, a step of another day's exam, a step
 * another role confirms (FORBIDDEN, journaled by the dispatcher), a step whose window has not opened. A step already
 * confirmed stays as it was: the answer is its first confirmation, and nothing is written or journaled again.
 */
export function confirmStep(ctx: CoreContext, actor: Actor, examId: number, step: string): ConfirmResult {
  const { staffId, roleCode } = actor;
  if (staffId === null || roleCode === null) throw new AppError('NOT_SIGNED_IN');
  const { timeZone } = readPpeConfig(ctx.db);
  return act(ctx, actor, (work) => {
    const exam = examById(work.db, examId);
    if (!exam) throw new AppError('TIMELINE_STEP_NOT_CONFIRMABLE', { step });
    const today = localDateOf(work.at, timeZone);
    if (exam.date !== today) throw new AppError('TIMELINE_STEP_OTHER_DAY', { date: exam.date, step });
    const window = dayPlan(ctx, today, timeZone).items.find((i) => i.key === step && i.examId === examId)?.confirm;
    if (!window) throw new AppError('TIMELINE_STEP_NOT_CONFIRMABLE', { step });
    if (!window.roles.includes(roleCode)) throw new AppError('FORBIDDEN', { permission: 'timeline.confirm', scope: 'step' });
    // The key file HQ holds already did the key's step: that is its answer, and nothing is written.
    const receipt = step === KEY_STEP ? keyReceipt(work.db, examId, ctx.stationNumber()) : null;
    if (receipt) return { confirmation: receipt, alreadyConfirmed: true };
    const first = confirmationOf(work.db, examId, step);
    if (first) return { confirmation: first, alreadyConfirmed: true };
    if (work.at < window.from) throw new AppError('TIMELINE_STEP_NOT_YET', { opensAt: window.from.toISOString(), step });
    insertConfirmation(work.db, { examId, step, at: work.at, staffId, staffName: actor.name, roleCode, station: ctx.stationNumber() });
    work.record('timeline.step_confirmed', { examId, examDate: exam.date, subjectCode: exam.subjectCode, step });
    work.changed('timeline');
    return { confirmation: confirmationOf(work.db, examId, step)!, alreadyConfirmed: false };
  });
}
