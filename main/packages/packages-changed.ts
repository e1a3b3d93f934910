import { throttle } from '../kernel/throttle';
import { PACKAGES_PARTS, type PackagesPart } from '../ipc/dto';

// The parts of the packages screen (main/ipc/slices/packages.ts), each with its own channel, so a change re-reads
// only its part: a download's progress re-reads the exams, not the drives with lsblk behind their free space.
export type { PackagesPart };

/**
 * Throttles the packages screen's change event (progress arrives many times a second; the screen needs a few redraws
 * a second) while remembering every part named during the pause: the event at its end names the union, each part
 * once, in a fixed order. A part is forgotten only once an event has named it.
 */
export function throttleParts(emit: (parts: PackagesPart[]) => void, intervalMs: number): { call: (...parts: PackagesPart[]) => void; cancel: () => void } {
  const pending = new Set<PackagesPart>();
  const inner = throttle(() => {
    const parts = PACKAGES_PARTS.filter((p) => pending.has(p));
    pending.clear();
    if (parts.length > 0) emit(parts);
  }, intervalMs);
  return {
    call: (...parts) => {
      for (const p of parts) pending.add(p);
      inner.call();
    },
    cancel: () => {
      inner.cancel();
      pending.clear();
    },
  };
}
