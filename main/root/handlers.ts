import { AppError } from './app-error';
import type { CoreContext } from './context';
import type { Handlers } from './dispatcher';
import { usableRcoiUrl } from './rcoi-url';
import { readPpeConfig, readSetting, readSetupState } from './ppe-config';
import type { AuthService } from '../auth/auth-service';
import type { BundleService } from '../bundles/bundle-service';
import { downloadBundle, listOffers } from '../bundles/rcoi-bundle-client';
import { listJournal, verifyJournalNow } from '../journal/journal-service';
import type { ImportResult, Room } from '../ipc/dto';
import { roomsToSearch } from '../auth/permissions';
import type { AppErrorPayload } from '../ipc/errors';
import { examById, listExams } from '../roster/exam-queries';
import { searchParticipants, searchStaff } from '../roster/people-queries';
import { listRooms } from '../roster/room-queries';
import { buildTimeline } from '../timeline/timeline-service';
import type { SyncWorker } from '../sync/sync-worker';
import type { DriveService } from '../packages/drive-service';
import type { PackageService } from '../packages/package-service';
import { buildPackagesOverview } from '../packages/packages-overview';
import { queueTrainingPacket } from '../sync/training-packet';

export interface HandlerDeps {
  ctx: CoreContext;
  auth: AuthService;
  bundles: BundleService;
  sync: SyncWorker;
  packages: PackageService;
  drives: DriveService;
  appVersion: string;
  dataDir: string;
  schemaVersion: number;
  transport: 'electron' | 'bridge';
  /** Makes a station that is not set up the training PPE (app-core.ts: seeds, journals, starts background work). */
  startTraining: () => Promise<void>;
}

function trainingPins(json: string | null): { roleCode: number; pin: string }[] | null {
  if (!json) return null;
  return Object.entries(JSON.parse(json) as Record<string, string>).map(([role, pin]) => ({ roleCode: Number(role), pin }));
}

/** Channel → service call. Validation and role checks already happened in the dispatcher. */
export function createHandlers(d: HandlerDeps): Handlers {
  const { ctx, auth, bundles, sync, packages, drives } = d;
  const done = { done: true } as const;
  // Organisers' names in a room are staff personal data: shown with the staff list's permission only.
  const withOrganizerNames = (rooms: Room[], sessionKey: string): Room[] =>
    auth.can(sessionKey, 'staff.read') ? rooms : rooms.map((r) => ({ ...r, organizers: [] }));
  const requireActor = <T>(actor: T | null): T => {
    if (!actor) throw new AppError('NOT_SIGNED_IN');
    return actor;
  };
  return {
    'app/info': () => {
      // Works on any station: one not set up (or refusing to run) has no exam point to describe.
      const setup = readSetupState(ctx.db);
      const ppe = setup === 'training' || setup === 'ready' ? readPpeConfig(ctx.db) : null;
      const stationNumber = readSetting(ctx.db, 'station_number');
      const station = stationNumber
        ? ctx.db
            .prepare<[string], { number: string; role: string; auditorium_code: string }>(
              'SELECT number, role, auditorium_code FROM station WHERE number = ?',
            )
            .get(stationNumber)
        : undefined;
      return {
        appVersion: d.appVersion,
        schemaVersion: d.schemaVersion,
        transport: d.transport,
        nowUtc: ctx.clock.now().toISOString(),
        setup,
        ppe: ppe && {
          code: ppe.code,
          name: ppe.name,
          address: ppe.address,
          regionCode: ppe.regionCode,
          regionName: ppe.regionName,
          timeZone: ppe.timeZone,
          trainingMode: ppe.trainingMode,
          trainingPins: ppe.trainingMode ? trainingPins(readSetting(ctx.db, 'training_pins')) : null,
          rcoiUrl: ppe.rcoiUrl,
        },
        station: station ? { number: station.number, role: station.role, auditoriumCode: station.auditorium_code } : null,
      };
    },
    'setup/startTraining': async () => {
      await d.startTraining();
      return done;
    },
    'auth/staffList': (_req, call) => auth.staffList(call.sessionKey),
    'auth/session': (_req, call) => auth.state(call.sessionKey),
    'auth/signIn': (req, call) => auth.signIn(call.sessionKey, req.staffId, req.pin),
    'auth/unlock': (req, call) => auth.unlock(call.sessionKey, req.pin),
    'auth/changePin': (req, call) => auth.changePin(call.sessionKey, req.staffId, req.pin, req.newPin),
    'auth/signOut': (_req, call) => auth.signOut(call.sessionKey),
    // The renderer sends it on a person's own input: the one call that says somebody is at the screen.
    'auth/heartbeat': (_req, call) => {
      auth.touch(call.sessionKey);
      return { done: true };
    },
    'auth/lock': (_req, call) => auth.lock(call.sessionKey),

    'staff/search': (req, call) =>
      searchStaff(ctx.db, req.query, req.examId, ctx.clock.now(), auth.can(call.sessionKey, 'staff.managePins')),
    'staff/setPin': async (req, call) => {
      // Issuing a PIN is a person at work, not a screen refreshing: it counts as activity.
      auth.touch(call.sessionKey);
      await auth.setPin(requireActor(call.actor), req.staffId, req.pin, req.confirmation ?? null);
      return { done: true };
    },

    'exams/list': () => listExams(ctx.db),
    'rooms/list': (req, call) => {
      const exam = req.examId === null ? null : examById(ctx.db, req.examId);
      return withOrganizerNames(listRooms(ctx.db, exam, readPpeConfig(ctx.db).timeZone), call.sessionKey);
    },
    'participants/search': (req, call) => {
      const view = {
        rooms: roomsToSearch(auth.participantScope(call.sessionKey), req.examId, req.auditoriumCode),
        documents: auth.can(call.sessionKey, 'participants.documents'),
      };
      return searchParticipants(ctx.db, req.examId, req.query, view, req.limit);
    },
    'timeline/get': (req, call) => {
      const timeline = buildTimeline(ctx, req.date);
      return { ...timeline, rooms: withOrganizerNames(timeline.rooms, call.sessionKey) };
    },

    'bundles/list': () => bundles.list(),
    'bundles/import': (req, call) => bundles.import(requireActor(call.actor), req.fileName, req.content),
    'bundles/fetchFromRcoi': async (_req, call) => {
      const actor = requireActor(call.actor);
      const ppe = readPpeConfig(ctx.db);
      const rcoiUrl = usableRcoiUrl(ppe);
      const offers = await listOffers(rcoiUrl, ppe.regionCode, ppe.code);
      const known = bundles.knownBundleIds();
      const results: ImportResult[] = [];
      const failures: { bundleId: string; examDate: string; subjectCode: number; error: AppErrorPayload }[] = [];
      // Oldest exam first. Each list is its own all-or-nothing import: one refused list does not hold up the rest.
      for (const offer of offers.filter((o) => !known.has(o.bundleId)).sort((a, b) => a.examDate.localeCompare(b.examDate))) {
        try {
          const content = await downloadBundle(rcoiUrl, offer.bundleId);
          results.push(bundles.import(actor, `rcoi:${offer.bundleId}`, content));
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          // A list for a past exam is history, not news.
          if (e.code === 'BUNDLE_EXAM_PAST') continue;
          failures.push({ bundleId: offer.bundleId, examDate: offer.examDate, subjectCode: offer.subjectCode, error: e.toPayload() });
        }
      }
      return { offered: offers.length, results, failures };
    },

    'journal/list': (req) => listJournal(ctx.db, req.beforeSeq, req.limit),

    'sync/status': () => sync.status(),
    'sync/sendNow': () => {
      sync.nudge(true);
      return sync.status();
    },
    'sync/enrol': async (req, call) => {
      await sync.enrol(requireActor(call.actor), req.code);
      return sync.status();
    },
    'sync/sendTrainingPacket': async (req, call) => {
      await queueTrainingPacket(ctx, d.dataDir, requireActor(call.actor), req.mebibytes);
      return sync.status();
    },
    'journal/verify': () => verifyJournalNow(ctx.db, ctx.clock.now()),

    'packages/overview': () => buildPackagesOverview(ctx, packages, drives),
    'packages/refresh': async () => {
      await packages.refresh();
      return buildPackagesOverview(ctx, packages, drives);
    },
    'packages/download': (req, call) => {
      packages.startDownload(requireActor(call.actor), req.packageId);
      return done;
    },
    'packages/writeToDrives': async (req, call) => {
      await drives.write(requireActor(call.actor), req.packageId, req.roles);
      return done;
    },
    'drives/assign': async (req, call) => {
      await drives.assign(requireActor(call.actor), req.driveId, req.role);
      return done;
    },
    'drives/check': (req) => {
      drives.recheck(req.driveId);
      return done;
    },
    'drives/simulate': async (req) => {
      await drives.simulate(req.action, req.name);
      return done;
    },
  };
}
