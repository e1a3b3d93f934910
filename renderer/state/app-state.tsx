import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AppInfo, SessionState } from '../../main/ipc/dto';
import { toApiError, type ApiClient, type ApiError, type ConnectionStatus } from '../api';
import { useI18n } from '../i18n/i18n';
import { noteServerTime } from '../time/server-clock';
import { createZoneFormat, type ZoneFormat } from '../time/zone';

export interface AppState {
  api: ApiClient;
  connection: ConnectionStatus;
  info: AppInfo | null;
  infoError: ApiError | null;
  session: SessionState | null;
  zone: ZoneFormat | null;
  /** Adopts a session state returned by signIn / unlock / signOut without waiting for the event. */
  adoptSession(state: SessionState): void;
  reloadInfo(): void;
}

/**
 * Split by how often each part changes, so a change re-renders only those who use it: the API client never
 * changes (ApiContext); the connection, app info and session change now and then (AppContext); notices carried
 * between screens live in their own provider (notice.tsx).
 */
const ApiContext = createContext<ApiClient | null>(null);
const AppContext = createContext<AppState | null>(null);

export function AppStateProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  const { intlLocale } = useI18n();
  const [connection, setConnection] = useState<ConnectionStatus>(() => api.transport.status());
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<ApiError | null>(null);
  const [session, setSession] = useState<SessionState | null>(null);
  const [infoRequest, setInfoRequest] = useState(0);
  const sessionSeq = useRef(0);

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
      adoptSession,
      reloadInfo: () => setInfoRequest((n) => n + 1),
    }),
    [api, connection, info, infoError, session, zone, adoptSession],
  );
  return (
    <ApiContext.Provider value={api}>
      <AppContext.Provider value={value}>{children}</AppContext.Provider>
    </ApiContext.Provider>
  );
}

/** The API client alone: for code that only calls main and need not re-render when the session or link changes. */
export function useApi(): ApiClient {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi outside AppStateProvider');
  return value;
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
