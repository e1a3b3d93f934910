import { useEffect, useRef } from 'react';
import { useAppState } from './app-state';

/**
 * At most one heartbeat per this many ms: enough to keep the idle lock away, cheap for main. With a short idle limit
 * (a rehearsal, a test) a quarter of it, so input always reports itself well before the lock.
 */
const HEARTBEAT_MS = 30_000;
/** A person's own input: reading a long list with the wheel is being there too. */
const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/**
 * Tells main a person is at the keyboard, so the idle lock only closes a screen nobody touches. This is the ONLY
 * thing that keeps a session open: main no longer counts the screens' own reads (timers, events) as activity, so a
 * walked-away home or journal screen locks on time. Real input only — keys, pointer presses, the wheel — never mouse
 * drift or anything the page does by itself. Mounted only while the session is active: keys pressed at the lock
 * screen must not count as activity.
 */
export function useHeartbeat(active: boolean, idleLockSeconds: number): void {
  const { api } = useAppState();
  // Set when the session becomes active (below): signing in or unlocking was itself activity.
  const lastSent = useRef(0);

  useEffect(() => {
    if (!active) return;
    // Signing in or unlocking just now was itself activity.
    lastSent.current = Date.now();
    const onActivity = () => {
      const now = Date.now();
      if (now - lastSent.current < Math.min(HEARTBEAT_MS, (idleLockSeconds * 1000) / 4)) return;
      lastSent.current = now;
      api.call('auth/heartbeat', {}).catch(() => {
        // A refused heartbeat means the session locked or ended; the session layer re-reads it (see app-state).
      });
    };
    const options = { capture: true, passive: true };
    for (const type of INPUT_EVENTS) window.addEventListener(type, onActivity, options);
    return () => {
      for (const type of INPUT_EVENTS) window.removeEventListener(type, onActivity, options);
    };
  }, [api, active, idleLockSeconds]);
}
