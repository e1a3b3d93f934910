import type { JournalEntry } from '../../../main/ipc/dto';
import { errorText, type CodedError } from '../../format/error-text';
import { roleName } from '../../format/labels';
import { formatSeconds, formatSize, itemKindLabel } from '../../format/sync';
import type { I18n } from '../../i18n/i18n-types';
import type { ZoneFormat } from '../../time/zone';

export function actionTitle(i18n: I18n, action: string): string {
  return i18n.maybe(`action.${action}`) ?? action;
}

/** What the journal knows beyond the entry: subjects by name from the roster (payloads carry the code only). */
export interface JournalNames {
  subjectName(code: number): string | null;
}

const NO_NAMES: JournalNames = { subjectName: () => null };

/** Subject names as the roster's exams give them. */
export function subjectNames(exams: readonly { subjectCode: number; subjectName: string }[]): JournalNames {
  const byCode = new Map(exams.map((e) => [e.subjectCode, e.subjectName]));
  return { subjectName: (code) => byCode.get(code) ?? null };
}

/** «03.12 — Русский язык»; the date alone when the roster does not know the subject (never its code). */
function examWords(zone: ZoneFormat, names: JournalNames, date: unknown, subjectCode: unknown): string {
  const day = typeof date === 'string' ? zone.shortDate(date) : '';
  const subject = typeof subjectCode === 'number' ? names.subjectName(subjectCode) : null;
  return subject ? `${day} — ${subject}` : day;
}

/** The section a refused request belongs to, by its channel's area: «Интернет-пакеты» for packages/…, drives/…. */
const SECTION_OF_AREA: Record<string, string> = {
  packages: 'nav.packages',
  drives: 'nav.packages',
  bundles: 'nav.bundles',
  journal: 'nav.journal',
  sync: 'nav.sync',
  staff: 'nav.staff',
  rooms: 'nav.rooms',
  exams: 'nav.rooms',
  participants: 'nav.participants',
  timeline: 'nav.home',
  tokens: 'nav.tokens',
  examKeys: 'nav.examKeys',
};

/** A transfer-drive message's kind in words (main/transfer/transfer-kinds.ts); a kind from a newer main is «Сообщение». */
function transferKindWords(i18n: I18n, kind: unknown): string {
  return i18n.maybe(`transfer.kind.${str(kind)}`) ?? i18n.t('transfer.kind.other');
}

/** 'station:0412001' → «станция 0412001», 'room:0101' → «аудитория 0101», 'hq' → «штаб». */
function receiverWords(i18n: I18n, receiver: unknown): string {
  const [type, id = ''] = str(receiver).split(':');
  if (type === 'station') return i18n.t('details.transferReceiver.station', { number: id });
  if (type === 'room') return i18n.t('details.transferReceiver.room', { code: id });
  return i18n.t('details.transferReceiver.hq');
}

/** A {code, params} error as main records it in a payload. */
function isCoded(v: unknown): v is CodedError {
  return typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string' && typeof (v as { params?: unknown }).params === 'object';
}

/** A room station's kind: main or reserve. */
function stationKind(i18n: I18n, isReserve: unknown): string {
  return i18n.t(isReserve === true ? 'stations.kind.reserve' : 'stations.kind.main');
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** A payload value for the generic summary: short scalars only, nested data is left to the tooltip. */
function scalar(value: unknown, zone: ZoneFormat): string | null {
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? zone.dateTime(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * One short line about what the entry says. Known actions get a sentence; anything else lists its simple fields,
 * so a new kind of entry from a newer main is still readable.
 */
export function entryDetails(i18n: I18n, zone: ZoneFormat, entry: JournalEntry, names: JournalNames = NO_NAMES): string {
  const p = entry.payload;
  switch (entry.action) {
    case 'auth.sign_in':
    case 'auth.unlock':
      return '';
    case 'auth.sign_out':
      return i18n.maybe(`details.reason.${str(p.reason)}`) ?? str(p.reason);
    case 'auth.sign_in_failed':
      return i18n.t('details.attempt', { name: str(p.staffName), attempt: str(p.attempt) });
    case 'auth.locked_out':
    case 'auth.sign_in_refused':
      return i18n.t('details.lockedOut', {
        name: str(p.staffName),
        time: typeof p.until === 'string' ? zone.dateTime(p.until) : '',
      });
    case 'auth.idle_lock':
      if (typeof p.idleSeconds !== 'number') return '';
      return i18n.t('details.idle', { span: formatSeconds(i18n, p.idleSeconds) });
    case 'auth.pin_changed':
      return i18n.t(p.issuedByOther === true ? 'details.pinChanged.issued' : 'details.pinChanged.own');
    case 'staff.pin_issued':
      if (typeof p.confirmedBy === 'object' && p.confirmedBy !== null) {
        const confirmer = str((p.confirmedBy as Record<string, unknown>).name);
        return i18n.t('details.staffConfirmed', { name: str(p.staffName), confirmer });
      }
      return i18n.t('details.staff', { name: str(p.staffName) });
    case 'staff.pin_refused':
      return `${i18n.t('details.staff', { name: str(p.staffName) })} — ${i18n.maybe(`details.pinRefused.${str(p.reason)}`) ?? str(p.reason)}`;
    case 'auth.no_duty_today':
      return i18n.t('details.staff', { name: str(p.staffName) });
    case 'auth.lock':
      return '';
    case 'auth.forbidden': {
      // The channel is a machine name; the person reads the section it belongs to (the channel is in the export).
      const section = SECTION_OF_AREA[str(p.channel).split('/')[0] ?? ''];
      return section ? i18n.t('details.forbidden', { section: i18n.maybe(section) ?? '' }) : '';
    }
    case 'auth.role_of_the_day':
      return i18n.t('details.roleChange', {
        from: roleName(i18n, typeof p.from === 'number' ? p.from : null),
        to: roleName(i18n, typeof p.to === 'number' ? p.to : null),
      });
    case 'timeline.step_confirmed':
      return i18n.t('details.stepConfirmed', {
        step: i18n.maybe(`timeline.${str(p.step)}`) ?? str(p.step),
        exam: examWords(zone, names, p.examDate, p.subjectCode),
      });
    case 'bundle.imported':
      return i18n.t('details.bundle', {
        exam: examWords(zone, names, p.examDate, p.subjectCode),
        version: str(p.version),
        participants: str(p.participants),
        staff: str(p.staff),
      });
    case 'clock.skew_detected':
    case 'clock.skew_resolved':
      if (typeof p.skewSeconds === 'number') {
        return i18n.t('details.clockSkew', {
          // Server minus local: positive means this computer's clock is behind.
          direction: i18n.t(p.skewSeconds >= 0 ? 'details.clockBehind' : 'details.clockAhead'),
          skew: formatSeconds(i18n, Math.abs(p.skewSeconds)),
        });
      }
      break;
    case 'sync.item_refused':
      // RCOI's own reason is its words; the HTTP status is for the hotline (the journal export keeps it).
      return i18n.t('details.itemRefused', { kind: itemKindLabel(i18n, str(p.kind)), reason: str(p.reason) });
    case 'sync.answer_refused':
      return i18n.maybe(`details.answerProblem.${str(p.problem)}`) ?? i18n.t('details.answerProblem.other');
    case 'sync.received': {
      const kind = i18n.maybe(`details.inKind.${str(p.kind)}`) ?? i18n.t('details.inKind.other');
      const outcome = (p.outcome ?? {}) as Record<string, unknown>;
      if (typeof outcome.refused === 'string') {
        // The refusal as the person would have read it on the screen: the code's words with its params.
        const params = typeof outcome.params === 'object' && outcome.params !== null ? (outcome.params as CodedError['params']) : {};
        return i18n.t('details.receivedRefused', { kind, reason: errorText(i18n, zone, { code: outcome.refused, params }) });
      }
      if (typeof outcome.examDate === 'string' && typeof outcome.version === 'number') {
        return i18n.t('details.receivedBundle', { kind, date: zone.shortDate(outcome.examDate), version: outcome.version });
      }
      return kind;
    }
    case 'station.hq_set_up':
      return i18n.t('details.hqSetUp', {
        ppe: str(p.ppeCode),
        station: str(p.station),
        kind: i18n.maybe(`details.hqKind.${str(p.kind)}`) ?? str(p.kind),
        fingerprint: str(p.fingerprint),
      });
    case 'station.hq_set_up_refused':
      if (isCoded(p.error)) return i18n.t('details.hqSetUpRefused', { ppe: str(p.ppeCode), reason: errorText(i18n, zone, p.error) });
      break;
    case 'sync.enrolled':
      // Stations by their number (the entry's own station), never by RCOI's identifier.
      return i18n.t('details.enrolled', { station: entry.station });
    case 'sync.training_packet_queued':
      if (typeof p.size === 'number') return i18n.t('details.packet', { size: formatSize(i18n, p.size) });
      break;
    case 'package.listed':
    case 'package.downloaded':
      if (typeof p.examDate === 'string' && typeof p.size === 'number') {
        return i18n.t('details.package', { exam: examWords(zone, names, p.examDate, p.subjectCode), size: formatSize(i18n, p.size) });
      }
      break;
    case 'package.download_started':
      return '';
    case 'package.download_paused':
      if (typeof p.bytesDone === 'number') return i18n.t('details.downloadPaused', { size: formatSize(i18n, p.bytesDone) });
      break;
    case 'package.copy_started': {
      const drives = Array.isArray(p.drives) ? (p.drives as { role?: unknown }[]) : [];
      const roles = drives.map((d) => i18n.maybe(`drive.role.${str(d.role)}`) ?? '').filter(Boolean);
      return i18n.t('details.copyStarted', { roles: roles.join(', ') });
    }
    case 'package.copies_interrupted':
      if (typeof p.copies === 'number') return i18n.t('details.copiesInterrupted', { copies: p.copies });
      break;
    case 'drive.check_stuck':
      if (typeof p.stallMs === 'number') return i18n.t('details.checkStuck', { span: formatSeconds(i18n, p.stallMs / 1000) });
      break;
    case 'journal.tail_missing':
      if (typeof p.afterSeq === 'number') return i18n.t('details.tailMissing', { seq: p.afterSeq });
      break;
    case 'journal.anchored':
      return i18n.t('details.anchored', {
        anchorNo: str(p.anchorNo),
        seq: str(p.seq),
        reason: i18n.maybe(`details.anchorReason.${str(p.reason)}`) ?? '',
      });
    case 'journal.anchor_received':
      return i18n.t('details.anchorReceived', {
        station: str(p.station),
        anchorNo: str(p.anchorNo),
        seq: str(p.seq),
        time: typeof p.signedAt === 'string' ? zone.dateTime(p.signedAt) : '',
      });
    case 'journal.anchor_refused':
      return i18n.t('details.anchorRefused', {
        station: str(p.station),
        anchorNo: str(p.anchorNo),
        reason: i18n.maybe(`details.anchorRefused.${str(p.reason)}`) ?? '',
      });
    case 'package.download_failed':
    case 'bundle.refused':
      if (isCoded(p.error)) return errorText(i18n, zone, p.error);
      break;
    case 'drive.content_refused':
      if (isCoded(p.problem)) return errorText(i18n, zone, p.problem);
      return i18n.t('details.folder', { folder: str(p.folder) });
    case 'drive.assigned':
      return i18n.t('details.driveRole', {
        drive: str(p.label) || str(p.serial) || str(p.driveId),
        role: i18n.maybe(`drive.role.${str(p.role)}`) ?? i18n.t('drives.role.none'),
      });
    case 'package.copy_written':
    case 'package.copy_checked': {
      const role = i18n.maybe(`drive.role.${str(p.role)}`) ?? str(p.role);
      if (p.verified === true) return i18n.t('details.copyGood', { role });
      if (isCoded(p.problem)) return i18n.t('details.copyBad', { role, problem: errorText(i18n, zone, p.problem) });
      break;
    }
    case 'package.extra_removed':
      if (Array.isArray(p.removed) && typeof p.count === 'number') {
        // A folder gets its slash, so «packs/» reads as a folder; the rest is said in words, not listed, past a few.
        const names = (p.removed as { path?: unknown; kind?: unknown }[]).map((r) => `${str(r.path)}${r.kind === 'folder' ? '/' : ''}`);
        const more = p.count - names.length;
        return i18n.t('details.extraRemoved', {
          role: i18n.maybe(`drive.role.${str(p.role)}`) ?? str(p.role),
          count: p.count,
          names: more > 0 ? `${names.join(', ')} ${i18n.t('details.extraMore', { count: more })}` : names.join(', '),
        });
      }
      break;
    case 'transfer.sent':
      return i18n.t('details.transferSent', { kind: transferKindWords(i18n, p.kind), receiver: receiverWords(i18n, p.receiver), seq: str(p.seq) });
    case 'transfer.received': {
      const line = i18n.t(p.late === true ? 'details.transferReceivedLate' : 'details.transferReceived', {
        kind: transferKindWords(i18n, p.kind),
        sender: str(p.sender),
        seq: str(p.seq),
      });
      return typeof p.missing === 'number' && p.missing > 0 ? `${line}; ${i18n.t('details.transferMissing', { count: p.missing })}` : line;
    }
    case 'transfer.refused':
      if (isCoded(p.error)) return errorText(i18n, zone, p.error);
      break;
    // Room stations set up from the transfer drive (main/stations): numbers, rooms and fingerprints, never the set-up id.
    case 'station.setup_issued':
      return i18n.t('details.stationSetupIssued', { station: str(p.station), kind: stationKind(i18n, p.isReserve), room: str(p.room) });
    case 'station.move_issued':
      return i18n.t('details.stationMoveIssued', {
        fromStation: str(p.fromStation),
        station: str(p.station),
        kind: stationKind(i18n, p.isReserve),
        room: str(p.room),
        fingerprint: str(p.fingerprint),
      });
    case 'station.pinned':
      return i18n.t('details.stationPinned', { station: str(p.station), kind: stationKind(i18n, p.isReserve), room: str(p.room), fingerprint: str(p.fingerprint) });
    case 'station.set_up':
      return i18n.t('details.stationSetUp', {
        station: str(p.station),
        kind: stationKind(i18n, p.isReserve),
        room: str(p.room),
        ppe: str(p.ppeCode),
        hqFingerprint: str(p.hqFingerprint),
      });
    case 'station.moved':
      return i18n.t('details.stationMoved', {
        fromStation: str(p.fromStation),
        fromRoom: str(p.fromRoom),
        station: str(p.station),
        kind: stationKind(i18n, p.isReserve),
        room: str(p.room),
      });
    case 'transfer.room_data_applied':
      return i18n.t(p.outdated === true ? 'details.roomDataOutdated' : 'details.roomDataApplied', {
        room: str(p.room),
        exam: examWords(zone, names, p.examDate, p.subjectCode),
        participants: str(p.participants),
        staff: str(p.staff),
      });
    case 'transfer.room_package_verified':
      return i18n.t('details.roomPackageVerified', { exam: examWords(zone, names, p.examDate, p.subjectCode), files: str(p.files) });
    case 'transfer.journal_extract_kept':
      return i18n.t(p.complete === false ? 'details.journalExtractPartial' : 'details.journalExtractKept', {
        station: str(p.station),
        room: str(p.room),
        date: typeof p.examDate === 'string' ? zone.shortDate(p.examDate) : '',
        entries: str(p.entries),
      });
    case 'transfer.print_log_kept':
      return i18n.t(p.current === false ? 'details.printLogOutdated' : 'details.printLogKept', {
        station: str(p.station),
        room: str(p.room),
        date: typeof p.examDate === 'string' ? zone.shortDate(p.examDate) : '',
        printed: str(p.printed),
        spoiled: str(p.spoiled),
        replaced: str(p.replaced),
        reserveUsed: str(p.reserveUsed),
      });
    // GEK members' tokens (main/tokens): the member by name, the token by serial, the key by its fingerprint.
    case 'token.registered': {
      const key = str(p.keyFingerprint);
      const line =
        p.source === 'bundle'
          ? i18n.t('details.tokenFromBundle', { name: str(p.staffName), key })
          : i18n.t('details.tokenEnrolled', {
              name: str(p.staffName),
              token: i18n.t('details.tokenSerial', { serial: str(p.serial) }),
              confirmer: str((p.confirmedBy as Record<string, unknown> | null)?.name),
            });
      const previous = p.previous as Record<string, unknown> | null;
      return previous ? `${line}; ${i18n.t('details.tokenReplaced', { key: str(previous.keyFingerprint) })}` : line;
    }
    case 'token.refused':
      return i18n.t('details.tokenRefused', {
        name: str(p.staffName),
        reason: i18n.maybe(`details.tokenRefused.${str(p.reason)}`) ?? i18n.t('details.tokenRefused.other'),
      });
    case 'token.checked':
      if (p.ok === true) return i18n.t('details.tokenCheckedOk', { name: str(p.staffName), key: str(p.keyFingerprint) });
      if (isCoded(p.error)) return i18n.t('details.tokenCheckedFailed', { name: str(p.staffName), problem: errorText(i18n, zone, p.error) });
      break;
    // Printing of kits at a room station (main/printing): kits by number in the package, never their КИМ numbers.
    case 'printing.key_activated': {
      const member = p.member as Record<string, unknown> | null;
      const line = i18n.t('details.printingKeyActivated', { name: str(member?.name), serial: str(p.tokenSerial) });
      return p.copied === true ? `${line}; ${i18n.t('details.printingPackageCopied')}` : line;
    }
    case 'printing.key_refused':
    case 'printing.queue_stopped':
      if (isCoded(p.error)) return errorText(i18n, zone, p.error);
      break;
    case 'printing.printer_chosen':
      return p.simulated === true ? `${str(p.printer)} (${i18n.t('details.printingSimulated')})` : str(p.printer);
    case 'printing.attendance_marked': {
      const line = i18n.t(p.present === true ? 'details.printingPresent' : 'details.printingAbsent', { seat: str(p.seat) });
      if (typeof p.kitReleased === 'number') return `${line}; ${i18n.t('details.printingAbsentKitReleased', { kit: p.kitReleased })}`;
      if (typeof p.kitKept === 'number') return `${line}; ${i18n.t('details.printingAbsentKitKept', { kit: p.kitKept })}`;
      return line;
    }
    case 'printing.kits_queued':
      if (Array.isArray(p.kits)) return i18n.t('details.printingKits', { kits: p.kits.map((k) => str((k as Record<string, unknown>).kitIndex)).join(', ') });
      break;
    case 'printing.kit_printed': {
      const line = i18n.t('details.printingKitPrinted', { kit: str(p.kitIndex), seat: str(p.seat), pages: str(p.pages), attempts: str(p.attempts) });
      return p.source === 'reserve' ? `${line} (${i18n.t('details.printingReserveKit')})` : line;
    }
    case 'printing.kit_failed':
      if (isCoded(p.error)) return i18n.t('details.printingKitProblem', { kit: str(p.kitIndex), problem: errorText(i18n, zone, p.error) });
      break;
    case 'printing.queue_paused':
    case 'printing.queue_resumed':
      return i18n.t('details.printingQueue');
    case 'printing.kit_spoiled': {
      const reason = i18n.maybe(`details.printingSpoilReason.${str(p.reason)}`) ?? i18n.t('details.printingSpoilReason.other');
      const line = i18n.t('details.printingSpoiled', { kit: str(p.kitIndex), reason });
      const replaced = typeof p.replacement === 'number' ? i18n.t('details.printingReplacement', { kit: p.replacement }) : i18n.t('details.printingNoReplacement');
      return `${line}; ${replaced}`;
    }
    case 'printing.kits_uncertain':
      if (Array.isArray(p.kits)) return i18n.t('details.printingUncertain', { kits: p.kits.map(str).join(', ') });
      break;
    case 'printing.uncertain_resolved':
      return i18n.t(p.cameOutWhole === true ? 'details.printingWhole' : 'details.printingAgain', { kit: str(p.kitIndex) });
    case 'token.library_set':
      return typeof p.path === 'string' ? i18n.t('details.tokenLibrarySet', { path: p.path }) : i18n.t('details.tokenLibraryCleared');
    // The key to the exam materials (main/exam-keys): which key, for which exam, whose token asked.
    case 'key.received':
    case 'key.loaded': {
      const exam = examWords(zone, names, p.examDate, p.subjectCode);
      const reserve = p.reserve as Record<string, unknown> | null | undefined;
      const key =
        p.kind === 'main'
          ? i18n.t('details.examKeyMain', { exam })
          : reserve
            ? i18n.t('details.examKeyReserveGrant', { exam, sequence: str(p.sequence), room: str(reserve.roomCode), station: str(reserve.stationNumber), kits: str(reserve.kits) })
            : i18n.t('details.examKeyReserve', { exam, sequence: str(p.sequence) });
      const who =
        entry.action === 'key.received'
          ? i18n.t('details.examKeyBy', { name: str((p.member as Record<string, unknown> | undefined)?.name) })
          : i18n.t('details.examKeyFrom', { station: str(p.sender) });
      const again = p.fresh === false ? `; ${i18n.t('details.examKeyAgain')}` : '';
      return `${key}; ${who}${again}`;
    }
    case 'key.refused':
      if (isCoded(p.error)) {
        return i18n.t('details.examKeyRefused', { name: str((p.member as Record<string, unknown> | undefined)?.name), problem: errorText(i18n, zone, p.error) });
      }
      break;
    case 'db.migrated':
      if (typeof p.from === 'number' && typeof p.to === 'number') return i18n.t('details.migrated', { from: p.from, to: p.to });
      break;
    case 'demo.seeded':
      if (typeof p.exams === 'number') {
        return i18n.t('details.demoSeeded', { exams: p.exams, participants: str(p.participants), staff: str(p.staff) });
      }
      break;
  }
  const parts: string[] = [];
  for (const [key, value] of Object.entries(p)) {
    const text = scalar(value, zone);
    if (text !== null && text !== '') parts.push(`${key}: ${text}`);
  }
  const line = parts.join('; ');
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
