import { AppError } from './app-error';
import type { CoreContext } from './context';
import type { Handlers } from './dispatcher';
import { readPpeConfig, readSetting } from './ppe-config';
import type { AuthService } from '../auth/auth-service';
import type { BundleService } from '../bundles/bundle-service';
import { downloadBundle, listOffers } from '../bundles/rcoi-bundle-client';
import { listJournal, verifyJournalNow } from '../journal/journal-service';
import type { ImportResult } from '../ipc/dto';
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
}

function trainingPins(json: string | null): { roleCode: number; pin: string }[] | null {
  if (!json) return null;
  return Object.entries(JSON.parse(json) as Record<string, string>).map(([role, pin]) => ({ roleCode: Number(role), pin }));
}

/** Channel → service call. Validation and role checks already happened in the dispatcher. */
export function createHandlers(d: HandlerDeps): Handlers {
  const { ctx, auth, bundles, sync, packages, drives } = d;
  const done = { done: true } as const;
  const requireActor = <T>(actor: T | null): T => {
    if (!actor) throw new AppError('NOT_SIGNED_IN');
    return actor;
  };
  return {
    'app/info': () => {
      const ppe = readPpeConfig(ctx.db);
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
        ppe: {
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
    'auth/staffList': () => auth.staffList(),
    'auth/session': (_req, call) => auth.state(call.sessionKey),
    'auth/signIn': (req, call) => auth.signIn(call.sessionKey, req.staffId, req.pin),
    'auth/unlock': (req, call) => auth.unlock(call.sessionKey, req.pin),
    'auth/signOut': (_req, call) => auth.signOut(call.sessionKey),
    'auth/heartbeat': () => ({ done: true }),

    'staff/search': (req) => searchStaff(ctx.db, req.query, req.examId, ctx.clock.now()),
    'staff/setPin': async (req, call) => {
      await auth.setPin(requireActor(call.actor), req.staffId, req.pin);
      return { done: true };
    },

    'exams/list': () => listExams(ctx.db),
    'rooms/list': (req) => {
      const exam = req.examId === null ? null : examById(ctx.db, req.examId);
      return listRooms(ctx.db, exam, readPpeConfig(ctx.db).timeZone);
    },
    'participants/search': (req) =>
      searchParticipants(ctx.db, req.examId, req.query, req.auditoriumCode, req.limit),
    'timeline/get': (req) => buildTimeline(ctx, req.date),

    'bundles/list': () => bundles.list(),
    'bundles/import': (req, call) => bundles.import(requireActor(call.actor), req.fileName, req.content),
    'bundles/fetchFromRcoi': async (_req, call) => {
      const actor = requireActor(call.actor);
      const ppe = readPpeConfig(ctx.db);
      if (!ppe.rcoiUrl) throw new AppError('RCOI_NOT_CONFIGURED');
      const offers = await listOffers(ppe.rcoiUrl, ppe.regionCode, ppe.code);
      const known = bundles.knownBundleIds();
      const results: ImportResult[] = [];
      const failures: { bundleId: string; examDate: string; subjectCode: number; error: AppErrorPayload }[] = [];
      // Oldest exam first. Each list is its own all-or-nothing import: one refused list does not hold up the rest.
      for (const offer of offers.filter((o) => !known.has(o.bundleId)).sort((a, b) => a.examDate.localeCompare(b.examDate))) {
        try {
          const content = await downloadBundle(ppe.rcoiUrl, offer.bundleId);
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
