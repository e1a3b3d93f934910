import { z } from 'zod';

/** Switches that make the reference RCOI misbehave on purpose, so the client's retries and idempotency are tested. */
export interface FaultSwitches {
  /** Cut the connection after about half of a chunk body has arrived; counts down by one per cut. */
  dropMidChunk: number;
  /** Answer 500 (with no effect) to the next N signed requests. */
  fail500: number;
  /** Hold every signed response back by this many milliseconds (after the work is done). */
  slowMs: number;
  /** Process each of the next N signed requests twice, answering with the second outcome. */
  duplicateResponse: number;
  /** Cut the connection after about half of a package file body has been sent (unsigned GETs); counts down by one per cut. */
  dropMidFile: number;
}

export type CountedFault = 'dropMidChunk' | 'fail500' | 'duplicateResponse' | 'dropMidFile';

const count = z.number().int().min(0).max(1_000_000);
export const faultSwitchesSchema = z
  .strictObject({
    dropMidChunk: count,
    fail500: count,
    slowMs: z.number().int().min(0).max(600_000),
    duplicateResponse: count,
    dropMidFile: count,
  })
  .partial();

/**
 * The switches, as plain fields an in-process test may assign (`server.faults.fail500 = 1`), and how often each
 * counted fault has fired. In memory: a new server process starts healthy.
 */
export class Faults implements FaultSwitches {
  dropMidChunk = 0;
  fail500 = 0;
  slowMs = 0;
  duplicateResponse = 0;
  dropMidFile = 0;
  private readonly firedCounts: Record<CountedFault, number> = { dropMidChunk: 0, fail500: 0, duplicateResponse: 0, dropMidFile: 0 };

  /** Sets the given switches (validated: POST /admin/faults passes them on), leaves the others; returns all. */
  set(changes: Partial<FaultSwitches>): FaultSwitches {
    Object.assign(this, faultSwitchesSchema.parse(changes));
    return this.current();
  }

  clear(): FaultSwitches {
    return this.set({ dropMidChunk: 0, fail500: 0, slowMs: 0, duplicateResponse: 0, dropMidFile: 0 });
  }

  current(): FaultSwitches {
    return {
      dropMidChunk: this.dropMidChunk,
      fail500: this.fail500,
      slowMs: this.slowMs,
      duplicateResponse: this.duplicateResponse,
      dropMidFile: this.dropMidFile,
    };
  }

  fired(): Record<CountedFault, number> {
    return { ...this.firedCounts };
  }

  /** Uses up one of a counted fault: true if it should fire now. */
  take(fault: CountedFault): boolean {
    if (!(this[fault] > 0)) return false;
    this[fault]--;
    this.firedCounts[fault]++;
    return true;
  }
}
