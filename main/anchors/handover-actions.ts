import type { JournalAction } from '../ipc/journal-actions';

/**
 * The journal actions that mark a handover: something leaves this station's hands or arrives in them (a confirmed
 * exam-day step, a message written to or taken from the transfer drive, a package copy written to a drive). After
 * an act that records one of them, the station signs its journal's head (AnchorService), so that what was handed
 * over is fixed by a signature at that moment, not an hour later. Issue 12's handovers (the key, the print log,
 * the scans) are one more entry each.
 *
 * `journal.anchored` itself must never be here: an anchor would then call for another, forever.
 */
export const HANDOVER_ACTIONS = [
  'timeline.step_confirmed',
  'transfer.sent',
  'transfer.received',
  'package.copy_written',
  // The key to the exam materials arrived at HQ from RCOI, or at a room station from the transfer drive.
  'key.received',
  'key.loaded',
] as const satisfies readonly JournalAction[];
