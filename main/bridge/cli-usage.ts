// What a command line does with arguments it cannot use: says so in words, with its usage, and exits 2 — never a
// stack trace. `--help` prints the usage and exits 0. The parse functions stay pure (they throw, they never exit),
// so tests call them directly; only the entry points print and exit.

/** The arguments cannot be used: an unknown option, a missing or malformed value. The message says which. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Runs node:util's parseArgs (or any parse), turning its refusals (ERR_PARSE_ARGS_*) into a UsageError. */
export function usageErrors<R>(parse: () => R): R {
  try {
    return parse();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError((e as Error).message);
    throw e;
  }
}

/** Exit status of a command line called wrongly (as the shells' builtins do). */
export const USAGE_EXIT = 2;

/** Prints a usage error and the usage to standard error; true when `e` was one (the caller exits USAGE_EXIT). */
export function reportUsageError(e: unknown, usage: string): boolean {
  if (!(e instanceof UsageError)) return false;
  console.error(`Неверные параметры / invalid arguments: ${e.message}`);
  console.error(usage);
  return true;
}
