import { useMemo, useRef, useState } from 'react';
import type { SignInStaff } from '../../../main/ipc/dto';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Busy, EmptyState } from '../../components/Feedback';
import { SearchInput } from '../../components/SearchInput';
import { useI18n } from '../../i18n/i18n';
import { useAppState } from '../../state/app-state';
import { useNotice, useSetNotice } from '../../state/notice';
import { useChannel } from '../../state/query/use-channel';
import { DemoPins } from './DemoPins';
import { SignInForm } from './SignInForm';
import { focusPerson, StaffList } from './StaffList';
import { matches } from './staff-filter';

/** Who are you? A filterable list of the exam point's staff, then the PIN. */
export function SignInScreen() {
  const i18n = useI18n();
  const { info } = useAppState();
  const notice = useNotice();
  const setNotice = useSetNotice();
  const staff = useChannel('auth/staffList', {}, { topics: ['staff', 'roster', 'bundles'] });
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<SignInStaff | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const visible = useMemo(() => (staff.data ?? []).filter((p) => matches(p, filter)), [staff.data, filter]);
  // Keep the chosen person's data (lock notes) current as the list refreshes.
  const chosen = selected ? ((staff.data ?? []).find((p) => p.id === selected.id) ?? selected) : null;

  const choose = (person: SignInStaff) => {
    setNotice(null);
    setSelected(person);
  };

  // Back to the list with focus on the person just left, so arrows continue from there.
  const back = (id: number) => {
    setSelected(null);
    setTimeout(() => listRef.current?.querySelector<HTMLElement>(`button[data-person="${id}"]`)?.focus(), 0);
  };

  const chooseOnlyMatch = () => {
    const candidates = visible.filter((p) => p.hasPin);
    if (candidates.length === 1) choose(candidates[0]!);
  };

  return (
    <main id="main" className="signin" tabIndex={-1}>
      <div className="signin__intro">
        <h1 className="page-title">{i18n.t('signIn.title')}</h1>
        <p className="lead">{i18n.t('signIn.lead')}</p>
      </div>
      {notice && <ErrorMessage error={notice.error} />}
      <div className="signin__columns">
        <section className="signin__list" aria-labelledby="signin-list-title">
          <h2 id="signin-list-title" className="visually-hidden">
            {i18n.t('signIn.list')}
          </h2>
          <div
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                focusPerson(listRef.current, null, 1);
              }
            }}
          >
            <SearchInput
              label={i18n.t('signIn.filter')}
              hint={i18n.t('signIn.filterHint')}
              value={filter}
              onChange={setFilter}
              onEnter={chooseOnlyMatch}
              autoFocus
            />
          </div>
          {staff.error && <ErrorMessage error={staff.error} onRetry={staff.reload} />}
          {staff.loading && !staff.data && <Busy>{i18n.t('common.loading')}</Busy>}
          {staff.data && staff.data.length === 0 && <EmptyState>{i18n.t('signIn.emptyAll')}</EmptyState>}
          {staff.data && staff.data.length > 0 && visible.length === 0 && (
            <EmptyState>{i18n.t('signIn.empty', { query: filter })}</EmptyState>
          )}
          <div ref={listRef} className="signin__scroll">
            <StaffList people={visible} selectedId={chosen?.id ?? null} onSelect={choose} />
          </div>
        </section>
        <div className="signin__side">
          {chosen ? (
            <SignInForm key={chosen.id} person={chosen} onBack={() => back(chosen.id)} onFailed={staff.reload} />
          ) : (
            <div className="panel panel--muted">
              <p>{i18n.t('signIn.choose')}</p>
            </div>
          )}
          {info?.ppe?.trainingPins && <DemoPins pins={info.ppe.trainingPins} />}
        </div>
      </div>
    </main>
  );
}
