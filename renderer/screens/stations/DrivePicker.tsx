import { useEffect, useId } from 'react';
import { EmptyState } from '../../components/Feedback';
import { formatSize } from '../../format/quantities';
import { useI18n } from '../../i18n/i18n';
import { useChannel } from '../../state/query/use-channel';

/**
 * The transfer drive to write to or read from, among the drives inserted now (the packages capability's drive
 * list, re-read as drives come and go). The one marked for transfer is chosen first.
 */
export function DrivePicker({ value, onChange, disabled }: { value: string | null; onChange(id: string | null): void; disabled: boolean }) {
  const i18n = useI18n();
  const id = useId();
  const list = useChannel('packages/drives', {}, { topics: ['packages.drives'] });
  const present = (list.data?.drives ?? []).filter((d) => d.present && !d.readOnly);
  const first = present.find((d) => d.role === 'transfer') ?? present[0];
  useEffect(() => {
    if (!present.some((d) => d.id === value)) onChange(first?.id ?? null);
  }, [present, first, value, onChange]);
  if (list.data && present.length === 0) return <EmptyState>{i18n.t('stations.noDrive')}</EmptyState>;
  return (
    <div className="field">
      <label htmlFor={`${id}-drive`} className="field__label">
        {i18n.t('stations.drive')}
      </label>
      <select id={`${id}-drive`} className="field__input" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} disabled={disabled}>
        {present.map((d) => (
          <option key={d.id} value={d.id}>
            {d.label ?? i18n.t('drives.unnamed')} · {formatSize(i18n, d.sizeBytes)}
            {d.role === 'transfer' ? ` · ${i18n.t('drive.role.transfer')}` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
