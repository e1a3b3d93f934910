export type BudgetOutcome = 'done' | 'stuck' | 'stopped';

/**
 * Runs work that reports each sign of life (`touch`) and settles as soon as one of three things happens: the work
 * ends ('done'), it has been silent for `stallMs` ('stuck'), or `signal` is aborted ('stopped'). A read hanging
 * inside the operating system cannot be cancelled, but it is no longer waited for: the caller tells the work to
 * stop through its own signal and moves on. Reading a whole package may take long, so the budget is about silence,
 * not total time.
 */
export async function withStallBudget(work: (touch: () => void) => Promise<unknown>, stallMs: number, signal: AbortSignal): Promise<BudgetOutcome> {
  let lastActivity = Date.now();
  let watchdog: NodeJS.Timeout | undefined;
  const stuck = new Promise<'stuck'>((resolve) => {
    watchdog = setInterval(() => {
      if (Date.now() - lastActivity > stallMs) resolve('stuck');
    }, Math.max(10, Math.min(1_000, stallMs / 4)));
  });
  const stopped = new Promise<'stopped'>((resolve) => {
    if (signal.aborted) resolve('stopped');
    else signal.addEventListener('abort', () => resolve('stopped'), { once: true });
  });
  const run = work(() => (lastActivity = Date.now())).then(() => 'done' as const);
  try {
    return await Promise.race([run, stuck, stopped]);
  } finally {
    clearInterval(watchdog);
  }
}
