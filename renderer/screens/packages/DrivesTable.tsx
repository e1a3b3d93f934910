import type { DriveRow, ExamPackage, PackagesDrives } from '../../../main/ipc/dto';
import { ActionError } from '../../components/ActionError';
import { errorText } from '../../components/ErrorMessage';
import { EmptyState } from '../../components/Feedback';
import { formatPercent, formatSize } from '../../format/sync';
import { useI18n } from '../../i18n/i18n';
import { useZone } from '../../state/app-state';
import { useExams } from '../../state/exams';
import { checkLines } from './packages-text';
import { actionKey, type PackagesState } from './use-packages';

interface Props {
  drives: PackagesDrives;
  /** The coming exams, to name the package folders found on a drive. */
  exams: ExamPackage[];
  canManage: boolean;
  busy: boolean;
  act: PackagesState['act'];
  errorFor: PackagesState['errorFor'];
}

const ROLES = ['main', 'reserve', 'transfer'] as const;

/** The drives inserted now and those with a role that are not: their roles, free space and what was found on them. */
export function DrivesTable({ drives, exams, canManage, busy, act, errorFor }: Props) {
  const i18n = useI18n();
  return (
    <section className="section" aria-labelledby="drives-title" data-testid="drives">
      <h2 id="drives-title" className="section__title">
        {i18n.t('drives.title')}
      </h2>
      <p className="muted">{i18n.t('drives.lead')}</p>
      {drives.simulatedDrives && canManage && <TrainingDrives drives={drives.drives} busy={busy} act={act} errorFor={errorFor} />}
      {!drives.drivesSupported ? (
        <EmptyState>{i18n.t('drives.unsupported')}</EmptyState>
      ) : drives.drives.length === 0 ? (
        <EmptyState>{i18n.t('drives.none')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="drives-table">
            <thead>
              <tr>
                <th scope="col">{i18n.t('drives.col.drive')}</th>
                <th scope="col" className="num">
                  {i18n.t('drives.col.space')}
                </th>
                <th scope="col">{i18n.t('drives.col.role')}</th>
                <th scope="col">{i18n.t('drives.col.check')}</th>
              </tr>
            </thead>
            <tbody>
              {drives.drives.map((drive) => (
                <DriveLine key={drive.id} drive={drive} exams={exams} canManage={canManage} busy={busy} act={act} errorFor={errorFor} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function driveName(i18n: ReturnType<typeof useI18n>, drive: DriveRow): string {
  return drive.label ?? i18n.t('drives.unnamed');
}

function DriveLine({ drive, exams, canManage, busy, act, errorFor }: { drive: DriveRow; exams: ExamPackage[] } & Omit<Props, 'drives' | 'exams'>) {
  const i18n = useI18n();
  const zone = useZone();
  const name = driveName(i18n, drive);
  const schedule = useExams().exams;
  // A refused role or check shows on the line right under this drive.
  const failed = errorFor(actionKey('drives/assign', { driveId: drive.id })) ?? errorFor(actionKey('drives/check', { driveId: drive.id }));
  return (
    <>
      <tr data-drive={drive.id} data-role={drive.role ?? 'none'} data-present={drive.present}>
        <th scope="row">
          {name}
          {drive.serial && <div className="muted mono">{i18n.t('drives.serial', { serial: drive.serial })}</div>}
          {!drive.present && <div className="tag">{i18n.t('drives.absent')}</div>}
          {drive.readOnly && <div className="tag tag--warn">{i18n.t('drives.readOnly')}</div>}
        </th>
        <td className="num mono">
          {drive.freeBytes === null
            ? i18n.t('common.none')
            : i18n.t('drives.free', { free: formatSize(i18n, drive.freeBytes), size: formatSize(i18n, drive.sizeBytes) })}
        </td>
        <td>
          {canManage && drive.present ? (
            <select
              className="field__input"
              aria-label={i18n.t('drives.roleLabel', { drive: name })}
              value={drive.role ?? ''}
              disabled={busy}
              onChange={(e) => act('drives/assign', { driveId: drive.id, role: e.target.value === '' ? null : (e.target.value as (typeof ROLES)[number]) })}
            >
              <option value="">{i18n.t('drives.role.none')}</option>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {i18n.t(`drive.role.${role}`)}
                </option>
              ))}
            </select>
          ) : (
            i18n.t(drive.role ? `drive.role.${drive.role}` : 'drives.role.none')
          )}
        </td>
        <td data-testid="drive-check" data-check={drive.check?.state ?? 'none'}>
          {drive.check?.state === 'checking' && (
            <span role="status">{i18n.t('drives.checking', { percent: formatPercent(i18n, drive.check.bytesDone, drive.check.bytesTotal) })}</span>
          )}
          {drive.check?.state === 'failed' && drive.check.problem && (
            <span className="warn-text">{i18n.t('drives.checkFailed', { problem: errorText(i18n, zone, drive.check.problem) })}</span>
          )}
          {drive.check?.state === 'done' &&
            (drive.check.folders.length === 0 ? (
              <span className="muted">{i18n.t('drives.checkEmpty')}</span>
            ) : (
              <ul className="plain-list">
                {checkLines(i18n, zone, drive.check, exams, schedule).map((line, i) => (
                  <li key={drive.check!.folders[i]!.folder} data-ok={drive.check!.folders[i]!.ok} className={drive.check!.folders[i]!.ok ? undefined : 'warn-text'}>
                    <span aria-hidden="true">{drive.check!.folders[i]!.ok ? '✔ ' : '✖ '}</span>
                    {line}
                  </li>
                ))}
              </ul>
            ))}
          {canManage && drive.present && drive.check?.state !== 'checking' && (
            <button type="button" className="button button--small" disabled={busy} onClick={() => act('drives/check', { driveId: drive.id })}>
              {i18n.t('drives.recheck')}
            </button>
          )}
        </td>
      </tr>
      {canManage && failed && (
        <tr className="table__error-row" data-testid="drive-action-error">
          <td colSpan={4}>
            <ActionError error={failed} title={i18n.t('packages.actionFailed')} />
          </td>
        </tr>
      )}
    </>
  );
}

/** Training mode: practice drives are folders; these buttons plug them in and pull them out. */
function TrainingDrives({ drives, busy, act, errorFor }: { drives: DriveRow[]; busy: boolean } & Pick<PackagesState, 'act' | 'errorFor'>) {
  const i18n = useI18n();
  const failed = errorFor(actionKey('drives/simulate', {}));
  return (
    <div className="panel panel--training">
      <p>{i18n.t('drives.training')}</p>
      <div className="actions">
        {ROLES.map((name) => {
          const inserted = drives.some((d) => d.present && d.serial === `TRAIN-${name.toUpperCase()}`);
          return (
            <button
              key={name}
              type="button"
              className="button button--small"
              disabled={busy}
              data-testid={`training-drive-${name}`}
              onClick={() => act('drives/simulate', { action: inserted ? 'remove' : 'insert', name })}
            >
              {i18n.t(inserted ? 'drives.remove' : 'drives.insert', { role: i18n.t(`drive.role.${name}`) })}
            </button>
          );
        })}
      </div>
      {failed && <ActionError error={failed} title={i18n.t('packages.actionFailed')} />}
    </div>
  );
}
