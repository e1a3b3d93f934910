import type { CoreContext } from '../kernel/context';
import { readPpeConfig } from '../ppe/ppe-config';
import type { Exam, Room, StepConfirmation, Timeline, TimelineItem } from '../ipc/dto';
import { examsOn, firstExamAfter } from '../roster/exam-queries';
import { listRooms } from '../roster/room-queries';
import { examDayPlan, preparationPlan, type PlanItem } from './exam-day-plan';
import { confirmationsOf, stepId } from './confirmations';
import { KEY_STEP, keyReceipt } from './key-receipt';
import { localDateOf } from '../ipc/zoned-time';

/**
 * Marks each item past, current, next or upcoming relative to now; exactly one future item is 'next'. A step the
 * clock moves is then upcoming, now or passed; a step a person confirms is confirmed only by its confirmation, and
 * overdue once its due time has passed without one: passed is not done.
 */
export function withStates(items: PlanItem[], now: Date, confirmations: ReadonlyMap<string, StepConfirmation> = new Map()): TimelineItem[] {
  const sorted = [...items].sort((a, b) => a.at.getTime() - b.at.getTime());
  let nextGiven = false;
  return sorted.map((i) => {
    let state: TimelineItem['state'];
    if (i.at <= now && i.until && now < i.until) state = 'current';
    else if (i.at <= now) state = 'past';
    else if (!nextGiven) {
      state = 'next';
      nextGiven = true;
    } else state = 'upcoming';
    const confirmation = i.confirm && i.examId !== null ? (confirmations.get(stepId(i.examId, i.key)) ?? null) : null;
    return {
      key: i.key,
      atUtc: i.at.toISOString(),
      untilUtc: i.until?.toISOString() ?? null,
      state,
      examId: i.examId,
      roomCode: i.roomCode,
      shared: i.shared === true,
      deadline: i.deadline,
      kind: i.confirm ? 'confirm' : 'clock',
      progress: progressOf(i, state, now, confirmation),
      confirm: i.confirm
        ? { roles: [...i.confirm.roles], fromUtc: i.confirm.from.toISOString(), dueUtc: i.confirm.due.toISOString(), confirmation }
        : null,
    };
  });
}

function progressOf(i: PlanItem, state: TimelineItem['state'], now: Date, confirmation: StepConfirmation | null): TimelineItem['progress'] {
  if (!i.confirm) return state === 'past' ? 'passed' : state === 'current' ? 'now' : 'upcoming';
  if (confirmation) return 'confirmed';
  return now >= i.confirm.due ? 'overdue' : 'due';
}

/** The morning steps every exam of a day shares: one handover, one briefing, one entrance, one key release. */
const SHARED_STEPS: readonly string[] = ['materials_handover', 'staff_briefing', 'entrance_opens', 'key_release'];

/**
 * Today's exams, the rooms with participants of every one of them (each room with its exam), and the day's plan:
 * the shared morning steps once, each exam's own steps (start, warnings, end, extended rooms) per exam.
 */
export function dayPlan(ctx: CoreContext, day: string, timeZone: string): { exams: Exam[]; rooms: Room[]; items: PlanItem[] } {
  const exams = examsOn(ctx.db, day);
  const plans: PlanItem[] = [];
  const rooms: Room[] = [];
  for (const exam of exams) {
    const examRooms = listRooms(ctx.db, exam, timeZone).filter((r) => r.participants > 0);
    rooms.push(...examRooms);
    plans.push(...examDayPlan(exam, examRooms, timeZone));
  }
  // The shared steps kept are the first exam's (the one their confirmations name), marked shared when the day has
  // more than one exam, so the screen does not name one subject for a step that serves them all.
  const seen = new Set<string>();
  const items: PlanItem[] = [];
  for (const p of plans) {
    const shared = SHARED_STEPS.includes(p.key);
    const id = `${p.key}@${p.at.getTime()}`;
    if (shared && seen.has(id)) continue;
    seen.add(id);
    items.push(shared && exams.length > 1 ? { ...p, shared: true } : p);
  }
  return { exams, rooms, items };
}

/** The day's plan for the home screen: today's exams with each room's end, and what the next exam needs. */
export function buildTimeline(ctx: CoreContext, date: string | null): Timeline {
  const { timeZone } = readPpeConfig(ctx.db);
  const now = ctx.clock.now();
  const day = date ?? localDateOf(now, timeZone);
  const { exams, rooms, items } = dayPlan(ctx, day, timeZone);
  const confirmations = confirmationsOf(
    ctx.db,
    exams.map((e) => e.id),
  );
  // The key's receipt is done by the key file HQ holds (key-receipt.ts), before any hand's confirmation.
  for (const e of exams) {
    const receipt = keyReceipt(ctx.db, e.id, ctx.stationNumber());
    if (receipt) confirmations.set(stepId(e.id, KEY_STEP), receipt);
  }
  const upcoming = firstExamAfter(ctx.db, day);
  return {
    date: day,
    timeZone,
    nowUtc: now.toISOString(),
    exams,
    items: withStates(items, now, confirmations),
    rooms,
    upcoming,
    upcomingItems: upcoming ? withStates(preparationPlan(upcoming, timeZone), now) : [],
  };
}
