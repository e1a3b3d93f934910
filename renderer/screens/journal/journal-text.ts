import type { JournalEntry } from '../../../main/ipc/dto';
import { errorText, type CodedError } from '../../components/ErrorMessage';
import { roleName } from '../../format/labels';
import { formatSeconds, formatSize, itemKindLabel } from '../../format/sync';
import type { I18n } from '../../i18n/i18n';
import type { ZoneFormat } from '../../time/zone';

export function actionTitle(i18n: I18n, action: string): string {
  return i18n.maybe(`action.${action}`) ?? action;
}

/** A {code, params} error as main records it in a payload. */
function isCoded(v: unknown): v is CodedError {
  return typeof v === 'object' && v !== null && typeof (v as { code?: unknown }).code === 'string' && typeof (v as { params?: unknown }).params === 'object';
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
export function entryDetails(i18n: I18n, zone: ZoneFormat, entry: JournalEntry): string {
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
      return p.idleSeconds < 120
        ? i18n.t('details.idleSeconds', { seconds: p.idleSeconds })
        : i18n.t('details.idle', { minutes: Math.round(p.idleSeconds / 60) });
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
    case 'auth.forbidden':
      return i18n.t('details.forbidden', { channel: str(p.channel) });
    case 'auth.role_of_the_day':
      return i18n.t('details.roleChange', {
        from: roleName(i18n, typeof p.from === 'number' ? p.from : null),
        to: roleName(i18n, typeof p.to === 'number' ? p.to : null),
      });
    case 'bundle.imported':
      return i18n.t('details.bundle', {
        date: typeof p.examDate === 'string' ? zone.shortDate(p.examDate) : '',
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
      return i18n.t('details.itemRefused', { kind: itemKindLabel(i18n, str(p.kind)), reason: `${str(p.reason)} (${str(p.status)})` });
    case 'sync.answer_refused':
      return i18n.t('details.answerRefused', { problem: i18n.maybe(`details.answerProblem.${str(p.problem)}`) ?? str(p.problem), request: str(p.request) });
    case 'sync.received': {
      const kind = i18n.maybe(`details.inKind.${str(p.kind)}`) ?? str(p.kind);
      const outcome = (p.outcome ?? {}) as Record<string, unknown>;
      if (typeof outcome.refused === 'string') return i18n.t('details.receivedRefused', { kind, code: outcome.refused });
      return kind;
    }
    case 'sync.enrolled':
      return i18n.t('details.enrolled', { id: str(p.stationId) });
    case 'sync.training_packet_queued':
      if (typeof p.size === 'number') return i18n.t('details.packet', { size: formatSize(i18n, p.size) });
      break;
    case 'package.listed':
    case 'package.downloaded':
      if (typeof p.examDate === 'string' && typeof p.size === 'number') {
        return i18n.t('details.package', { date: zone.shortDate(p.examDate), size: formatSize(i18n, p.size) });
      }
      break;
    case 'package.download_failed':
    case 'bundle.refused':
      if (isCoded(p.error)) return errorText(i18n, zone, p.error);
      break;
    case 'drive.content_refused':
      if (isCoded(p.problem)) return errorText(i18n, zone, p.problem);
      break;
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
