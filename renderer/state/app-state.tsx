import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AppInfo, SessionState } from '../../main/ipc/dto';
import { toApiError, type ApiClient, type ApiError, type ConnectionStatus } from '../api';
import { useI18n } from '../i18n/i18n';
import { noteServerTime } from '../time/server-clock';
import { createZoneFormat, type ZoneFormat } from '../time/zone';

/** A message carried from one screen to the next, e.g. a lock-out at the lock screen shown on the sign-in page. */
export interface Notice {
  error: ApiError;
}

export interface AppState {
  api: ApiClient;
  connection: ConnectionStatus;
  info: AppInfo | null;
  infoError: ApiError | null;
  session: SessionState | null;
  zone: ZoneFormat | null;
  notice: Notice | null;
  setNotice(notice: Notice | null): void;
  /** Adopts a session state returned by signIn / unlock / signOut without waiting for the event. */
  adoptSession(state: SessionState): void;
  reloadInfo(): void;
  /** Bumped on every unlock: reads refused while the screen was locked are repeated. */
  unlocks: number;
}

const AppContext = createContext<AppState | null>(null);

export function AppStateProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  const { intlLocale } = useI18n();
  const [connection, setConnection] = useState<ConnectionStatus>(() => api.transport.status());
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<ApiError | null>(null);
  const [session, setSession] = useState<SessionState | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [infoRequest, setInfoRequest] = useState(0);
  const sessionSeq = useRef(0);
  const [unlocks, setUnlocks] = useState(0);
  const previousState = useRef<SessionState['state'] | null>(null);

  useEffect(() => api.transport.onStatus(setConnection), [api]);

  // Events may arrive while a read is in flight; a counter makes the newest word win.
  const adoptSession = useCallback((state: SessionState) => {
    sessionSeq.current += 1;
    setSession(state);
  }, []);

  const readSession = useCallback(() => {
    const seq = ++sessionSeq.current;
    api.call('auth/session', {}).then(
      (state) => {
        if (seq === sessionSeq.current) setSession(state);
      },
      () => {
        // A failed read keeps the last known state; the connection banner explains why.
      },
    );
  }, [api]);

  useEffect(() => api.on('session/changed', adoptSession), [api, adoptSession]);

  // A call refused for session reasons means our picture of the session is stale: re-read it.
  useEffect(
    () =>
      api.onError((error) => {
        if (error.code === 'NOT_SIGNED_IN' || error.code === 'SESSION_LOCKED') readSession();
      }),
    [api, readSession],
  );

  // On every (re)connect: the bridge may have restarted, so app info and the session are read afresh.
  useEffect(() => {
    if (connection.state !== 'open') return;
    let cancelled = false;
    api.call('app/info', {}).then(
      (value) => {
        if (cancelled) return;
        noteServerTime(value.nowUtc);
        setInfo(value);
        setInfoError(null);
      },
      (e: unknown) => {
        if (!cancelled) setInfoError(toApiError(e));
      },
    );
    readSession();
    return () => {
      cancelled = true;
    };
  }, [api, connection.state, connection.epoch, infoRequest, readSession]);

  useEffect(() => {
    const now = session?.state ?? null;
    if (previousState.current === 'locked' && now === 'active') setUnlocks((n) => n + 1);
    previousState.current = now;
  }, [session?.state]);

  const timeZone = info?.ppe?.timeZone ?? null;
  const zone = useMemo(() => (timeZone ? createZoneFormat(timeZone, intlLocale) : null), [timeZone, intlLocale]);

  const value = useMemo<AppState>(
    () => ({
      api,
      connection,
      info,
      infoError,
      session,
      zone,
      notice,
      setNotice,
      adoptSession,
      reloadInfo: () => setInfoRequest((n) => n + 1),
      unlocks,
    }),
    [api, connection, info, infoError, session, zone, notice, adoptSession, unlocks],
  );
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export function useAppState(): AppState {
  const value = useContext(AppContext);
  if (!value) throw new Error('useAppState outside AppStateProvider');
  return value;
}

/** For screens that only render once app info is known (everything past the connecting screen). */
export function useZone(): ZoneFormat {
  const { zone } = useAppState();
  if (!zone) throw new Error('useZone before app info arrived');
  return zone;
}
