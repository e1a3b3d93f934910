import { AppError } from '../kernel/app-error';
import type { Permission } from '../ipc/dto';
import type { Duty } from './role-of-the-day';

/**
 * What each role may do, enforced in main. Role codes follow the regional database: 1 PPE head, 2 organiser in a
 * room, 3 organiser outside the rooms, 4 assistant, 5 GEK member, 6 public observer, 7 technical specialist,
 * 8 instruction and lab specialist, 9 examiner-interlocutor. The role is the role of the day (role-of-the-day.ts).
 *
 * Personal data (152-ФЗ) is shown only where the duty needs it:
 *
 * | role | participants (names, seats)            | documents | staff list | PINs, lock-outs | why                          |
 * |------|----------------------------------------|-----------|------------|-----------------|------------------------------|
 * | 1    | every exam, every room                 | yes       | yes        | yes             | owns the exam day            |
 * | 5    | every exam, every room                 | yes       | yes        | no              | identity and removal acts, staff changes (ППЭ-19) |
 * | 7    | —                                      | —         | yes        | yes             | issues PINs; equipment, not people |
 * | 3    | today's exams, all rooms (entrance)    | yes       | —          | no              | checks documents at the entrance (ППЭ-06) |
 * | 2    | today's exams, own room only           | yes       | —          | no              | checks documents at the room door (ППЭ-05-01) |
 * | 4    | today's exams, own room only           | —         | —          | no              | helps a participant; no identity check |
 * | 6, 8, 9 | —                                   | —         | —          | no              | no list needed               |
 *
 * Everyone signed in sees exams, rooms with head counts and the day's timeline (no names: organisers' names in
 * rooms come with the staff list). A request naming another room or exam than the duty's is refused with FORBIDDEN
 * (and journaled), not silently narrowed; asking for "all rooms" gives the rooms of the duty.
 */
const BY_ROLE: Record<number, readonly Permission[]> = {
  1: [
    'roster.read',
    'participants.read',
    'participants.documents',
    'staff.read',
    'journal.read',
    'bundles.import',
    'staff.managePins',
    'sync.read',
    'sync.manage',
    'packages.read',
    'timeline.confirm',
    'stations.read',
    'transfer.read',
    'tokens.read',
    'tokens.manage',
    'journal.anchor',
    'examKeys.read',
    'examKeys.request',
    'printing.read',
  ],
  // The organiser in the room runs the printing of kits at the room station (the GEK member's token activates the key).
  2: ['roster.read', 'participants.read', 'participants.documents', 'printing.read', 'printing.manage'],
  3: ['roster.read', 'participants.read', 'participants.documents'],
  4: ['roster.read', 'participants.read'],
  // Confirming exam-day steps (main/timeline/confirmable-steps.ts): the head receives the materials and holds the
  // briefing; the GEK member receives the key with the token. Which role may confirm which step, the step says.
  5: [
    'roster.read',
    'participants.read',
    'participants.documents',
    'staff.read',
    'journal.read',
    'sync.read',
    'packages.read',
    'timeline.confirm',
    'stations.read',
    'transfer.read',
    'tokens.read',
    // The key is asked for with the GEK member's own token (research-ru §4.3, 09:30).
    'examKeys.read',
    'examKeys.request',
    'printing.read',
  ],
  6: ['roster.read', 'journal.read'],
  // Internet packages and drives are the technical specialist's job (seed, section 6.2); the head and GEK see them.
  7: [
    'roster.read',
    'staff.read',
    'journal.read',
    'bundles.import',
    'staff.managePins',
    'sync.read',
    'sync.manage',
    'packages.read',
    'packages.manage',
    'stations.read',
    'stations.manage',
    'transfer.read',
    'transfer.manage',
    'tokens.read',
    'tokens.manage',
    'journal.anchor',
    // The technical specialist carries the key to the rooms and sets up printers; may run printing at a room station.
    'examKeys.read',
    'examKeys.request',
    'printing.read',
    'printing.manage',
  ],
  8: ['roster.read'],
  9: ['roster.read'],
};

/** Roles whose participant lists are limited to the day's duties; the others with participants.read see all. */
const ENTRANCE_ROLES = [3];
const ROOM_ROLES = [2, 4];

export function permissionsOf(roleCode: number): Permission[] {
  return [...(BY_ROLE[roleCode] ?? [])];
}

/**
 * Which participants a session may see: every one (the head, GEK), the entrance list of the day's exams, or the
 * rooms of the day's duties. `exams` maps an exam id to its rooms; null rooms mean every room of that exam.
 */
export type ParticipantScope = { kind: 'all' } | { kind: 'duties'; exams: Map<number, Set<string> | null> };

export function participantScopeOf(roleCode: number, duties: readonly Duty[]): ParticipantScope {
  if (!ENTRANCE_ROLES.includes(roleCode) && !ROOM_ROLES.includes(roleCode)) return { kind: 'all' };
  const exams = new Map<number, Set<string> | null>();
  for (const d of duties) {
    if (ENTRANCE_ROLES.includes(d.roleCode) && ENTRANCE_ROLES.includes(roleCode)) {
      exams.set(d.examId, null);
    } else if (ROOM_ROLES.includes(d.roleCode) && d.auditoriumCode !== null && exams.get(d.examId) !== null) {
      exams.set(d.examId, new Set([...(exams.get(d.examId) ?? []), d.auditoriumCode]));
    }
  }
  return { kind: 'duties', exams };
}

/**
 * The rooms a participant search may read for one exam under a scope: null for every room, else a list. A request
 * for an exam or a room outside the duty is refused (FORBIDDEN, journaled by the dispatcher), never narrowed
 * silently: the person asked for something their duty does not cover, and the journal should show it.
 */
export function roomsToSearch(scope: ParticipantScope, examId: number, requested: string | null): string[] | null {
  if (scope.kind === 'all') return requested === null ? null : [requested];
  if (!scope.exams.has(examId)) throw new AppError('FORBIDDEN', { permission: 'participants.read', scope: 'exam' });
  const rooms = scope.exams.get(examId)!;
  if (rooms === null) return requested === null ? null : [requested];
  if (requested === null) return [...rooms];
  if (!rooms.has(requested)) throw new AppError('FORBIDDEN', { permission: 'participants.read', scope: 'room' });
  return [requested];
}
