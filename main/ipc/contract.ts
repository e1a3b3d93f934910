import { z } from 'zod';
import { MAX_BUNDLE_CHARS } from './shared-rules';
import { appErrorSchema } from './errors';
import {
  appInfoSchema,
  bundleRowSchema,
  examSchema,
  importResultSchema,
  journalEntrySchema,
  journalVerificationSchema,
  driveRoleSchema,
  packagesOverviewSchema,
  participantRowSchema,
  permissionSchema,
  roomSchema,
  sessionStateSchema,
  signInStaffSchema,
  staffRowSchema,
  syncStatusSchema,
  timelineSchema,
} from './dto';

/**
 * The one contract between the renderer and main. Electron's IPC and the local bridge serve exactly this map;
 * main validates every request against it before any service sees it.
 *
 * access: 'public' — anyone, even signed out; 'session' — a signed-in, unlocked person; 'locked' — a session
 * that exists but is locked (used to unlock); otherwise a permission the signed-in person's role must hold.
 */
export type Access = 'public' | 'session' | 'locked' | z.infer<typeof permissionSchema>;

interface ChannelSpec<Req extends z.ZodType, Res extends z.ZodType> {
  access: Access;
  request: Req;
  response: Res;
}

function channel<Req extends z.ZodType, Res extends z.ZodType>(spec: ChannelSpec<Req, Res>) {
  return spec;
}

const empty = z.object({}).strict();
const ok = z.object({ done: z.literal(true) });
const pin = z.string().max(32);
const searchText = z.string().trim().max(100);

export { MAX_BUNDLE_CHARS };

export const invokeChannels = {
  'app/info': channel({ access: 'public', request: empty, response: appInfoSchema }),
  /** A station that is not set up yet becomes the training PPE (demo data, demo RCOI key); journaled. */
  'setup/startTraining': channel({ access: 'public', request: empty, response: ok }),

  'auth/staffList': channel({ access: 'public', request: empty, response: z.array(signInStaffSchema) }),
  'auth/session': channel({ access: 'public', request: empty, response: sessionStateSchema }),
  'auth/signIn': channel({
    access: 'public',
    request: z.object({ staffId: z.number().int().positive(), pin }).strict(),
    response: sessionStateSchema,
  }),
  'auth/unlock': channel({ access: 'locked', request: z.object({ pin }).strict(), response: sessionStateSchema }),
  // A PIN issued by someone else opens no session (PIN_CHANGE_REQUIRED): its owner replaces it here and is signed in.
  'auth/changePin': channel({
    access: 'public',
    request: z.object({ staffId: z.number().int().positive(), pin, newPin: pin }).strict(),
    response: sessionStateSchema,
  }),
  'auth/signOut': channel({ access: 'public', request: empty, response: sessionStateSchema }),
  /** Sent by the renderer on a person's own input only (throttled): it keeps the session from the idle lock. */
  'auth/heartbeat': channel({ access: 'session', request: empty, response: ok }),
  /** The «Заблокировать» button: locks the caller's session now; journaled as auth.lock. */
  'auth/lock': channel({ access: 'session', request: empty, response: sessionStateSchema }),

  'staff/search': channel({
    access: 'staff.read',
    request: z.object({ query: searchText, examId: z.number().int().nullable() }).strict(),
    response: z.array(staffRowSchema),
  }),
  'staff/setPin': channel({
    access: 'staff.managePins',
    request: z
      .object({
        staffId: z.number().int().positive(),
        pin,
        // The second person, with their own PIN: required for the PPE head's and GEK members' PINs.
        confirmation: z.object({ staffId: z.number().int().positive(), pin }).strict().optional(),
      })
      .strict(),
    response: ok,
  }),

  'exams/list': channel({ access: 'roster.read', request: empty, response: z.array(examSchema) }),
  'rooms/list': channel({
    access: 'roster.read',
    request: z.object({ examId: z.number().int().nullable() }).strict(),
    response: z.array(roomSchema),
  }),
  /** Within the caller's duty of the day (auth/permissions.ts): another room or exam is FORBIDDEN. */
  'participants/search': channel({
    access: 'participants.read',
    request: z
      .object({
        examId: z.number().int(),
        query: searchText,
        auditoriumCode: z.string().regex(/^\d{4}$/).nullable(),
        limit: z.number().int().min(1).max(500),
      })
      .strict(),
    response: z.object({ total: z.number().int(), rows: z.array(participantRowSchema) }),
  }),
  'timeline/get': channel({
    access: 'roster.read',
    request: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable() }).strict(),
    response: timelineSchema,
  }),

  'bundles/list': channel({ access: 'roster.read', request: empty, response: z.array(bundleRowSchema) }),
  'bundles/import': channel({
    access: 'bundles.import',
    request: z.object({ fileName: z.string().max(260), content: z.string().max(MAX_BUNDLE_CHARS) }).strict(),
    response: importResultSchema,
  }),
  'bundles/fetchFromRcoi': channel({
    access: 'bundles.import',
    request: empty,
    response: z.object({
      offered: z.number().int(),
      results: z.array(importResultSchema),
      // A refused list does not stop the others: each refusal is reported with its reason.
      failures: z.array(
        z.object({ bundleId: z.string(), examDate: z.string(), subjectCode: z.number().int(), error: appErrorSchema }),
      ),
    }),
  }),

  'journal/list': channel({
    access: 'journal.read',
    request: z
      .object({ beforeSeq: z.number().int().positive().nullable(), limit: z.number().int().min(1).max(500) })
      .strict(),
    response: z.object({ total: z.number().int(), entries: z.array(journalEntrySchema) }),
  }),
  'journal/verify': channel({ access: 'journal.read', request: empty, response: journalVerificationSchema }),

  'sync/status': channel({ access: 'sync.read', request: empty, response: syncStatusSchema }),
  'sync/sendNow': channel({ access: 'sync.manage', request: empty, response: syncStatusSchema }),
  'sync/enrol': channel({
    access: 'sync.manage',
    request: z.object({ code: z.string().trim().min(4).max(64) }).strict(),
    response: syncStatusSchema,
  }),
  /** Training mode only: queues a generated packet of scans (size in MiB) to show a large upload. */
  'sync/sendTrainingPacket': channel({
    access: 'sync.manage',
    request: z.object({ mebibytes: z.number().int().min(1).max(512) }).strict(),
    response: syncStatusSchema,
  }),

  'packages/overview': channel({ access: 'packages.read', request: empty, response: packagesOverviewSchema }),
  /** Asks RCOI which packages are published for this PPE. */
  'packages/refresh': channel({ access: 'packages.manage', request: empty, response: packagesOverviewSchema }),
  /** Starts or resumes a download; progress arrives with packages/changed. */
  'packages/download': channel({ access: 'packages.manage', request: z.object({ packageId: z.uuid() }).strict(), response: ok }),
  /** Writes a downloaded package to the drives with these roles at once, then reads every byte back. */
  'packages/writeToDrives': channel({
    access: 'packages.manage',
    request: z
      .object({
        packageId: z.uuid(),
        roles: z.array(z.enum(['main', 'reserve'])).min(1).max(2).refine((r) => new Set(r).size === r.length, 'a role is listed twice'),
      })
      .strict(),
    response: ok,
  }),
  'drives/assign': channel({
    access: 'packages.manage',
    request: z.object({ driveId: z.string().min(1).max(300), role: driveRoleSchema.nullable() }).strict(),
    response: ok,
  }),
  'drives/check': channel({ access: 'packages.manage', request: z.object({ driveId: z.string().min(1).max(300) }).strict(), response: ok }),
  /** Training mode only: insert or pull a folder-backed practice drive. */
  'drives/simulate': channel({
    access: 'packages.manage',
    request: z.object({ action: z.enum(['insert', 'remove']), name: z.enum(['main', 'reserve', 'transfer']) }).strict(),
    response: ok,
  }),
} as const;

/** Events main pushes to the renderer. */
/**
 * Who may receive an event: 'public' — any window or connection of the app (the event carries no data a signed-out
 * screen may not see); a permission — only a signed-in, unlocked session holding it, checked at delivery by the
 * shells (AppCore.mayReceive). Payloads are checked against their schema before they leave main (EventBus).
 */
export type EventAccess = 'public' | z.infer<typeof permissionSchema>;

function event<P extends z.ZodType>(spec: { access: EventAccess; payload: P }) {
  return spec;
}

export const eventChannels = {
  // Sent only to the session it describes.
  'session/changed': event({ access: 'public', payload: sessionStateSchema }),
  // Topics only, no data: the screen re-reads through channels that check their own access.
  'data/changed': event({ access: 'public', payload: z.object({ topics: z.array(z.enum(['roster', 'journal', 'bundles', 'staff'])) }) }),
  // The whole link state (queue, errors, station): for those who may read it.
  'sync/changed': event({ access: 'sync.read', payload: syncStatusSchema }),
  /** Something on the packages screen changed (progress included): the screen asks for packages/overview. */
  'packages/changed': event({ access: 'packages.read', payload: z.object({}) }),
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['request']>;
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['response']>;
export type EventOf<E extends EventChannel> = z.output<(typeof eventChannels)[E]['payload']>;

export const resultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);

/** What every invoke returns, over either transport: a value, or an error code the catalog can word. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof appErrorSchema> };

/** The object the preload exposes as window.ppe, and the bridge client imitates. */
export interface PpeApi {
  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}


export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(invokeChannels, name);
}
