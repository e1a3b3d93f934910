import { describe, expect, it } from 'vitest';
import { parseBridgeArgs } from '../../main/bridge/bridge-args';
import { UsageError } from '../../main/bridge/cli-usage';
import { parseCliArgs, USAGE } from '../rcoi-server/cli';

// Issue 10, item 7(d): the command lines answer --help with their usage, and arguments they cannot use with words
// and the usage (exit 2), never a TypeError stack. The parse functions are pure: they return or throw UsageError;
// the built programs' exit codes and output are checked in tests/e2e/cli-help.spec.ts (after the build).

describe('the browser shell’s command line (main/bridge)', () => {
  it('--help and -h ask for the usage; nothing else is needed', () => {
    expect(parseBridgeArgs(['--help']).help).toBe(true);
    expect(parseBridgeArgs(['-h']).help).toBe(true);
    expect(parseBridgeArgs([]).help).toBe(false);
  });

  it('keeps every option it had, --manual-clock included', () => {
    const args = parseBridgeArgs(['--data-dir', 'd', '--port', '0', '--demo', '--no-sync', '--tickets', '2', '--clock-start', '2026-06-01T01:00:00Z', '--manual-clock', '--idle-lock-seconds', '60']);
    expect(args).toMatchObject({ dataDir: 'd', port: 0, demo: true, noSync: true, tickets: 2, manualClock: true, idleLockSeconds: 60, help: false });
    expect(args.clockStart?.toISOString()).toBe('2026-06-01T01:00:00.000Z');
  });

  it('an unknown option, a missing value or a value it cannot use is a UsageError naming it', () => {
    expect(() => parseBridgeArgs(['--bogus'])).toThrow(UsageError);
    expect(() => parseBridgeArgs(['--bogus'])).toThrow(/--bogus/);
    expect(() => parseBridgeArgs(['--port'])).toThrow(UsageError);
    expect(() => parseBridgeArgs(['--port', 'eighty'])).toThrow(/--port/);
    expect(() => parseBridgeArgs(['--tickets', '0'])).toThrow(/--tickets/);
    expect(() => parseBridgeArgs(['--clock-start', 'tomorrow'])).toThrow(/--clock-start/);
  });
});

describe('the reference RCOI server’s command line (tests/rcoi-server)', () => {
  it('--help asks for the usage, which is in Russian and English', () => {
    expect(parseCliArgs(['--help']).help).toBe(true);
    expect(parseCliArgs(['-h']).help).toBe(true);
    expect(USAGE).toMatch(/Использование/);
    expect(USAGE).toMatch(/usage/);
  });

  it('an unknown option or a bad value is a UsageError naming it', () => {
    expect(() => parseCliArgs(['--bogus'])).toThrow(UsageError);
    expect(() => parseCliArgs(['--port', '99999'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--today', '2026-02-30'])).toThrow(UsageError);
  });
});
