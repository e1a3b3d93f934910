import { useCallback, useEffect, useRef } from 'react';
import type { Permission, SessionState } from '../../main/ipc/dto';
import { AlarmBar } from '../components/AlarmBar';
import { Header } from '../components/Header';
import { Nav, sectionTitle } from '../components/Nav';
import { ScreenErrorBoundary } from '../components/ScreenErrorBoundary';
import { useI18n } from '../i18n/i18n';
import { useAppState } from '../state/app-state';
import { ExamsProvider } from '../state/exams';
import { SECTIONS, useSection, type Section } from '../state/router';
import { useHeartbeat } from '../state/use-heartbeat';
import { BundleImportProvider } from './bundles/import-job';
import { BundlesScreen } from './bundles/BundlesScreen';
import { HomeScreen } from './home/HomeScreen';
import { JournalScreen } from './journal/JournalScreen';
import { PackagesScreen } from './packages/PackagesScreen';
import { ParticipantsScreen } from './ParticipantsScreen';
import { RoomsScreen } from './RoomsScreen';
import { StaffScreen } from './staff/StaffScreen';
import { SyncScreen } from './sync/SyncScreen';
import { TransferScreen } from './transfer/TransferScreen';
import { TokensScreen } from './tokens/TokensScreen';
import { StationsScreen } from './stations/StationsScreen';
import { ExamKeysScreen } from './exam-keys/ExamKeysScreen';
import { PrintingScreen } from './printing/PrintingScreen';

type Active = Extract<SessionState, { state: 'active' | 'locked' }>;

/** What each section needs; main enforces the same, the shell only hides what would be refused. */
const NEEDS: Record<Section, Permission> = {
  home: 'roster.read',
  rooms: 'roster.read',
  participants: 'participants.read',
  staff: 'staff.read',
  bundles: 'roster.read',
  packages: 'packages.read',
  journal: 'journal.read',
  sync: 'sync.read',
  transfer: 'transfer.read',
  tokens: 'tokens.read',
  examKeys: 'examKeys.read',
  stations: 'stations.read',
  printing: 'printing.read',
};

/**
 * HQ's business, not a room station's: an organiser's station works offline and receives its lists and its package
 * on the transfer drive, so RCOI, distribution lists and internet-package drives are not in its navigation.
 */
const HQ_ONLY: readonly Section[] = ['bundles', 'packages', 'sync', 'examKeys'];

/** The reverse: kits are printed in the room, by its own station; HQ (and a station not set up) has no printer queue. */
const ROOM_ONLY: readonly Section[] = ['printing'];

/**
 * The signed-in application: header, navigation, one section at a time. Mounted afresh for each person who signs
 * in (App keys it by person), and then it starts at home whatever the address bar says; an idle lock or the lock
 * button keeps it mounted, hidden, so the same person comes back to the page they left.
 */
export function Shell({ session, hidden }: { session: Active; hidden: boolean }) {
  const i18n = useI18n();
  const [section, go] = useSection({ startAtHome: true });
  const { info } = useAppState();
  const roomStation = info?.station?.role === 'organizer';
  const allowed = useCallback(
    (s: Section) => session.permissions.includes(NEEDS[s]) && !(roomStation ? HQ_ONLY.includes(s) : ROOM_ONLY.includes(s)),
    [session.permissions, roomStation],
  );
  const firstRender = useRef(true);
  useHeartbeat(session.state === 'active', session.idleLockSeconds);

  // Alt+1 … Alt+8: e.code, so the shortcut works in the Russian keyboard layout too.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const match = /^Digit([1-9])$/.exec(e.code);
      if (!match) return;
      const target = SECTIONS[Number(match[1]) - 1];
      if (!target || hidden || !allowed(target)) return;
      e.preventDefault();
      go(target);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, allowed, hidden]);

  // After a section change, focus the page's search box if it has one, else its heading: keyboard users type at
  // once, screen-reader users land at the top of the new page.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const target = document.querySelector<HTMLElement>('#main [data-autofocus]') ?? document.getElementById('page-title');
    target?.focus();
  }, [section]);

  return (
    <ExamsProvider>
      <BundleImportProvider>
        <div className="shell" hidden={hidden}>
          <Header />
          {/* What stops today's exam, on every screen, with who fixes it and where (main/attention). */}
          <AlarmBar permissions={session.permissions} />
          <div className="shell__body">
            <Nav current={section} allowed={allowed} onNavigate={go} />
            <main id={hidden ? undefined : 'main'} className="shell__main" tabIndex={-1}>
              {allowed(section) ? (
                // Keyed by section: a section that failed to draw gets a fresh chance when the person comes back.
                <ScreenErrorBoundary key={section}>
                  <SectionView section={section} permissions={session.permissions} />
                </ScreenErrorBoundary>
              ) : (
                <>
                  <h1 id="page-title" className="page-title" tabIndex={-1}>
                    {i18n.t(sectionTitle(section))}
                  </h1>
                  <p>{i18n.t('common.noPermission')}</p>
                </>
              )}
            </main>
          </div>
        </div>
      </BundleImportProvider>
    </ExamsProvider>
  );
}

function SectionView({ section, permissions }: { section: Section; permissions: Permission[] }) {
  switch (section) {
    case 'home':
      return <HomeScreen />;
    case 'rooms':
      return <RoomsScreen />;
    case 'participants':
      return <ParticipantsScreen />;
    case 'staff':
      return <StaffScreen canManagePins={permissions.includes('staff.managePins')} />;
    case 'bundles':
      return <BundlesScreen canImport={permissions.includes('bundles.import')} />;
    case 'packages':
      return <PackagesScreen canManage={permissions.includes('packages.manage')} />;
    case 'journal':
      return <JournalScreen />;
    case 'sync':
      return <SyncScreen canManage={permissions.includes('sync.manage')} />;
    case 'transfer':
      return <TransferScreen canManage={permissions.includes('transfer.manage')} canSimulate={permissions.includes('packages.manage')} />;
    case 'tokens':
      return <TokensScreen canManage={permissions.includes('tokens.manage')} />;
    case 'stations':
      return <StationsScreen canManage={permissions.includes('stations.manage')} />;
    case 'examKeys':
      return <ExamKeysScreen canRequest={permissions.includes('examKeys.request')} />;
    case 'printing':
      return <PrintingScreen canManage={permissions.includes('printing.manage')} />;
  }
}
