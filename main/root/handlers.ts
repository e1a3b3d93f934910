import { AppError } from '../kernel/app-error';
import type { CoreContext } from '../kernel/context';
import type { Handlers } from './dispatcher';
import { readPpeConfig } from '../ppe/ppe-config';
import { describeStation } from '../ppe/station-info';
import type { AuthService } from '../auth/auth-service';
import type { BundleService } from '../bundles/bundle-service';
import { fetchBundlesFromRcoi } from '../bundles/fetch-from-rcoi';
import { listJournal, verifyJournalNow } from '../journal/journal-service';
import type { Room } from '../ipc/dto';
import { roomsToSearch } from '../auth/permissions';
import { examById, examsOn, listExams } from '../roster/exam-queries';
import { searchParticipants, searchStaff } from '../roster/people-queries';
import { listRooms, listRoomsOfDay } from '../roster/room-queries';
import { buildTimeline } from '../timeline/timeline-service';
import { confirmStep } from '../timeline/confirm-step';
import type { SyncWorker } from '../sync/sync-worker';
import type { DriveService } from '../packages/drive-service';
import type { PackageService } from '../packages/package-service';
import { buildPackagesDrives, buildPackagesExams, buildPackagesOverview, buildPackagesWrite } from '../packages/packages-overview';
import { queueTrainingPacket } from '../sync/training-packet';
import type { AttentionService } from '../attention/attention-service';
import type { StationsService } from '../stations/stations-service';
import type { RoomSetupService } from '../stations/room-setup-service';
import type { HqSetupChoice, HqSetupDone, HqSetupOffer, HqSetupRequest } from '../stations/hq-setup';
import type { TransferDesk } from '../transfer/transfer-desk';
import type { TokenService } from '../tokens/token-service';
import type { AnchorService } from '../anchors/anchor-service';
import type { ExamKeyService } from '../exam-keys/exam-key-service';
import type { FormsService } from '../forms/forms-service';
import type { PrintingService } from '../printing/printing-service';

export interface HandlerDeps {
  ctx: CoreContext;
  auth: AuthService;
  bundles: BundleService;
  sync: SyncWorker;
  packages: PackageService;
  drives: DriveService;
  attention: AttentionService;
  /** The transfer drive's screen (main/transfer/transfer-desk.ts). */
  transfer: TransferDesk;
  /** GEK members' tokens (main/tokens). */
  tokens: TokenService;
  anchors: AnchorService;
  /** The stations of the PPE at HQ, and a room station's own set-up (main/stations). */
  stations: StationsService;
  roomSetup: RoomSetupService;
  /** The key to the exam materials at HQ (main/exam-keys). */
  examKeys: ExamKeyService;
  /** The ППЭ forms from the roster and the print logs (main/forms). */
  forms: FormsService;
  /** Printing of kits at a room station (main/printing). */
  printing: PrintingService;
  appVersion: string;
  dataDir: string;
  schemaVersion: number;
  transport: 'electron' | 'bridge';
  /** Makes a station that is not set up the training PPE (app-core.ts: seeds, journals, starts background work). */
  startTraining: () => Promise<void>;
  /** Sets a station that is not set up up as a real HQ station by enrolment code (app-core.ts, main/stations/hq-setup.ts). */
  hqSetup: {
    ask(request: HqSetupRequest): Promise<HqSetupOffer>;
    finish(choice: HqSetupChoice): Promise<HqSetupDone>;
  };
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
    'app/info': () => describeStation(ctx, { appVersion: d.appVersion, schemaVersion: d.schemaVersion, transport: d.transport }),
    'setup/startTraining': async () => {
      await d.startTraining();
      return done;
    },
    'setup/headquarters': (req) => d.hqSetup.ask(req),
    'setup/finishHeadquarters': (req) => d.hqSetup.finish(req),
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
      searchStaff(ctx.db, req.query, req.examId, ctx.clock.now(), auth.can(call.sessionKey, 'staff.managePins'), req.date ?? null),
    'staff/setPin': async (req, call) => {
      // Issuing a PIN is a person at work, not a screen refreshing: it counts as activity.
      auth.touch(call.sessionKey);
      await auth.setPin(requireActor(call.actor), req.staffId, req.pin, req.confirmation ?? null);
      return { done: true };
    },

    'exams/list': () => listExams(ctx.db),
    'rooms/list': (req, call) => {
      const { timeZone } = readPpeConfig(ctx.db);
      if (req.examId === null && req.date !== undefined) {
        return withOrganizerNames(listRoomsOfDay(ctx.db, examsOn(ctx.db, req.date), timeZone), call.sessionKey);
      }
      const exam = req.examId === null ? null : examById(ctx.db, req.examId);
      return withOrganizerNames(listRooms(ctx.db, exam, timeZone), call.sessionKey);
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
      // Who confirmed a step is staff personal data too: named to those who may read the staff list, else by role.
      const names = auth.can(call.sessionKey, 'staff.read');
      const items = names
        ? timeline.items
        : timeline.items.map((i) =>
            i.confirm?.confirmation ? { ...i, confirm: { ...i.confirm, confirmation: { ...i.confirm.confirmation, name: null } } } : i,
          );
      return { ...timeline, items, rooms: withOrganizerNames(timeline.rooms, call.sessionKey) };
    },
    'timeline/confirmStep': (req, call) => {
      // Confirming is a person at work: it counts as activity, like issuing a PIN.
      auth.touch(call.sessionKey);
      return confirmStep(ctx, requireActor(call.actor), req.examId, req.step);
    },

    'bundles/list': () => bundles.list(),
    'bundles/import': (req, call) => bundles.import(requireActor(call.actor), req.fileName, req.content),
    'bundles/fetchFromRcoi': (_req, call) => fetchBundlesFromRcoi(ctx, bundles, requireActor(call.actor)),

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
    'journal/verify': () => verifyJournalNow(ctx.db, ctx.clock.now(), d.anchors.verifyAnchors()),
    'journal/anchor': (_req, call) => {
      const outcome = d.anchors.anchorNow(requireActor(call.actor), 'manual');
      if (!outcome) throw new AppError('STATION_NOT_SET_UP'); // no number or PPE to sign for (a person signed in has journal entries)
      const { anchorNo, seq, signedAt } = outcome.anchor;
      return { anchorNo, seq, signedAt, fresh: outcome.fresh };
    },

    'packages/overview': () => buildPackagesOverview(ctx, packages, drives),
    'packages/exams': () => buildPackagesExams(ctx, packages, drives),
    'packages/drives': () => buildPackagesDrives(ctx, drives),
    'packages/write': () => buildPackagesWrite(drives),
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
    // Alarms for everyone signed in; the coming days' package notices only for who may see the packages.
    'attention/today': (_req, call) => d.attention.today(auth.can(call.sessionKey, 'packages.read')),
    'drives/simulate': async (req) => {
      await drives.simulate(req.action, req.name);
      return done;
    },

    // --- The transfer drive (issue 11, item 2; main/transfer/transfer-desk.ts).
    'transfer/overview': () => d.transfer.overview(),
    'transfer/chooseDrive': async (req, call) => {
      await d.transfer.chooseDrive(requireActor(call.actor), req.driveId);
      return done;
    },
    'transfer/take': (_req, call) => {
      auth.touch(call.sessionKey);
      return d.transfer.take(requireActor(call.actor));
    },
    'transfer/writeRoomData': (req, call) => {
      auth.touch(call.sessionKey);
      return d.transfer.writeRoomData(requireActor(call.actor), req.examId, req.room);
    },
    'transfer/writeJournal': (req, call) => {
      auth.touch(call.sessionKey);
      return d.transfer.writeJournal(requireActor(call.actor), req.examDate);
    },
    // --- end of the transfer drive

    // --- GEK members' tokens (issue 11, item 3; main/tokens).
    'tokens/overview': () => d.tokens.overview(),
    'tokens/enrol': (req, call) => {
      auth.touch(call.sessionKey);
      return d.tokens.enrol(requireActor(call.actor), req);
    },
    'tokens/check': (req, call) => {
      auth.touch(call.sessionKey);
      return d.tokens.check(requireActor(call.actor), req.staffId, req.tokenPin);
    },
    'tokens/setLibraryPath': (req, call) => d.tokens.setLibraryPath(requireActor(call.actor), req.path),
    // --- end of tokens

    // --- Room stations set up from the transfer drive (issue 11, item 1; main/stations).
    'roomSetup/drives': () => d.roomSetup.drivesNow(),
    'roomSetup/files': (req) => d.roomSetup.files(req.driveId),
    'roomSetup/take': (req) => d.roomSetup.take(req),
    'stations/overview': () => d.stations.overview(),
    'stations/prepare': (req, call) => {
      auth.touch(call.sessionKey);
      return d.stations.prepare(requireActor(call.actor), req);
    },
    'stations/move': (req, call) => {
      auth.touch(call.sessionKey);
      return d.stations.move(requireActor(call.actor), req.station, req);
    },
    'stations/writeReply': (req, call) => d.roomSetup.writeReply(requireActor(call.actor), req.driveId),
    'stations/moveFiles': (req) => d.roomSetup.moveFiles(req.driveId),
    'stations/takeMove': (req, call) => {
      auth.touch(call.sessionKey);
      return d.roomSetup.takeMove(requireActor(call.actor), req);
    },
    // --- end of room stations

    // --- The key to the exam materials at HQ (issue 12, item 2; main/exam-keys).
    'examKeys/overview': () => d.examKeys.overview(),
    'examKeys/request': (req, call) => {
      auth.touch(call.sessionKey);
      return d.examKeys.request(requireActor(call.actor), req);
    },
    // --- end of the exam key

    // --- The ППЭ forms from the roster and the print logs (issue 12, item 7; main/forms).
    'forms/roomProtocol': (req) => d.forms.roomProtocol(req.examId, req.room),
    'forms/issueReturn': (req) => d.forms.issueReturn(req.examId),
    'forms/ppeSummary': (req) => d.forms.ppeSummary(req.examId),
    'forms/printLogs': (req) => d.forms.printLogs(req.examId),
    // --- end of the forms

    // --- Printing of kits at a room station (issue 12, items 3 and 6; main/printing/printing-service.ts).
    'printing/overview': () => d.printing.overview(),
    'printing/activate': (req, call) => {
      auth.touch(call.sessionKey);
      return d.printing.activate(requireActor(call.actor), req.tokenSerial, req.tokenPin);
    },
    'printing/choosePrinter': (req, call) => d.printing.choosePrinter(requireActor(call.actor), req.printer),
    'printing/setPresent': (req, call) => {
      auth.touch(call.sessionKey);
      d.printing.setPresent(requireActor(call.actor), req.participantId, req.present);
      return done;
    },
    'printing/start': (_req, call) => {
      auth.touch(call.sessionKey);
      return d.printing.start(requireActor(call.actor));
    },
    'printing/pause': (_req, call) => {
      d.printing.pause(requireActor(call.actor));
      return done;
    },
    'printing/resume': (_req, call) => {
      auth.touch(call.sessionKey);
      d.printing.resume(requireActor(call.actor));
      return done;
    },
    'printing/spoil': (req, call) => {
      auth.touch(call.sessionKey);
      return d.printing.spoil(requireActor(call.actor), req.kitIndex, req.reason, req.note);
    },
    'printing/resolveUncertain': (req, call) => {
      d.printing.resolveUncertain(requireActor(call.actor), req.kitIndex, req.cameOutWhole);
      return done;
    },
    // --- end of printing
  };
}
