import { useEffect, useRef } from 'react';
import { useAppState } from './app-state';

/** At most one heartbeat per this many ms: enough to keep the idle lock away, cheap for main. */
const HEARTBEAT_MS = 30_000;

/**
 * Tells main a person is at the keyboard, so the idle lock only closes a screen nobody touches. Mounted only while
 * the session is active: keys pressed at the lock screen must not count as activity.
 */
export function useHeartbeat(active: boolean): void {
  const { api } = useAppState();
  const lastSent = useRef(Date.now());

  useEffect(() => {
    if (!active) return;
    // Signing in or unlocking just now was itself activity.
    lastSent.current = Date.now();
    const onActivity = () => {
      const now = Date.now();
      if (now - lastSent.current < HEARTBEAT_MS) return;
      lastSent.current = now;
      api.call('auth/heartbeat', {}).catch(() => {
        // A refused heartbeat means the session locked or ended; the session layer re-reads it (see app-state).
      });
    };
    window.addEventListener('keydown', onActivity, true);
    window.addEventListener('pointerdown', onActivity, true);
    return () => {
      window.removeEventListener('keydown', onActivity, true);
      window.removeEventListener('pointerdown', onActivity, true);
    };
  }, [api, active]);
}
