import type { DriveInfo } from './drive';

// Both adapters watch by polling: there is no portable hot-plug event in Node without a native module, and a
// drive inserted a second late costs nothing at a PPE.

/**
 * What counts as "the set changed". Free space is left out on purpose: it moves during every write, and the UI
 * asks list() for it when it needs it rather than being flooded with events.
 */
function fingerprint(drives: DriveInfo[]): string {
  return drives
    .map((d) => `${d.id}|${d.mountPath}|${d.readOnly ? 'ro' : 'rw'}|${d.label ?? ''}`)
    .sort()
    .join('\n');
}

export function pollWatch(
  list: () => Promise<DriveInfo[]>,
  onChange: (drives: DriveInfo[]) => void,
  intervalMs: number,
): () => void {
  let last: string | null = null;
  let stopped = false;
  let busy = false;

  const tick = async (): Promise<void> => {
    // A slow lsblk must not stack up polls behind it.
    if (busy || stopped) return;
    busy = true;
    try {
      const drives = await list();
      const now = fingerprint(drives);
      if (!stopped && now !== last) {
        last = now;
        onChange(drives);
      }
    } catch {
      // A failed poll (a drive pulled mid-read) is not a change; the next tick sees the real state.
    } finally {
      busy = false;
    }
  };

  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  // The watcher alone must not keep a CLI or a test process alive.
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
