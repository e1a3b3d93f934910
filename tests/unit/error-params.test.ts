import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorCatalog, type ErrorCode } from '../../main/ipc/errors';
import { driveRoleSchema } from '../../main/ipc/slices/packages';
import { AppError } from '../../main/kernel/app-error';
import { en } from '../../renderer/i18n/en';
import { ru } from '../../renderer/i18n/ru';

// Every error code declares its params (main/ipc/errors.ts, errorCatalog): the words its message says and the
// details only the hotline line shows. The messages in both locales must use exactly the words.

const catalogs = { ru: ru as Record<string, string>, en: en as Record<string, string> };

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!))].sort();
}

function requiredKeys(code: ErrorCode): string[] {
  const shape = errorCatalog[code].params.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  // A param is optional when leaving it out passes: its schema accepts undefined.
  return Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
}

describe('error params', () => {
  it('the catalog declares every error code, and nothing else', () => {
    expect(Object.keys(errorCatalog).toSorted()).toEqual([...ERROR_CODES].sort());
  });

  it('each message uses exactly the words its code declares, in Russian and in English', () => {
    const mismatches: string[] = [];
    for (const code of ERROR_CODES) {
      const spec = errorCatalog[code];
      const words = [...spec.words].sort();
      for (const [locale, catalog] of Object.entries(catalogs)) {
        const text = catalog[`error.${code}`];
        if (text === undefined) mismatches.push(`${locale} error.${code}: no message`);
        else if (placeholders(text).join() !== words.join()) {
          mismatches.push(`${locale} error.${code}: message says {${placeholders(text).join('}, {')}}, catalog words ${words.join(', ')}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('a drive role in an error is one of the roles packages knows', () => {
    const role = errorCatalog.DRIVE_FULL.params.shape.role;
    expect(role.options).toEqual(driveRoleSchema.options);
  });

  it('a word is always given (a missing one would show as {name}); details are never in the message', () => {
    for (const code of ERROR_CODES) {
      const spec = errorCatalog[code];
      const required = requiredKeys(code);
      expect({ code, optionalWords: spec.words.filter((w) => !required.includes(w)) }).toEqual({ code, optionalWords: [] });
      expect({ code, both: spec.words.filter((w) => (spec.details as string[]).includes(w)) }).toEqual({ code, both: [] });
    }
  });

  it('a screen’s own wording of a code (sync.error.*) uses only params main always sends', () => {
    for (const [locale, catalog] of Object.entries(catalogs)) {
      for (const [key, text] of Object.entries(catalog)) {
        const code = /^sync\.error\.([A-Z_]+)$/.exec(key)?.[1] as ErrorCode | undefined;
        if (!code) continue;
        expect(ERROR_CODES).toContain(code);
        const missing = placeholders(text).filter((p) => !requiredKeys(code).includes(p));
        expect({ locale, key, missing }).toEqual({ locale, key, missing: [] });
      }
    }
  });

  it('AppError refuses params its code does not declare (checked in tests at run time, and by the type system)', () => {
    expect(new AppError('PIN_WRONG', { attemptsLeft: 2 }).toPayload()).toEqual({ code: 'PIN_WRONG', params: { attemptsLeft: 2 } });
    expect(new AppError('PIN_FORMAT').toPayload()).toEqual({ code: 'PIN_FORMAT', params: {} });
    // @ts-expect-error attemptsLeft is missing
    expect(() => new AppError('PIN_WRONG', {})).toThrow(/PIN_WRONG: params do not match/);
    // @ts-expect-error a number, not a string
    expect(() => new AppError('PIN_WRONG', { attemptsLeft: 'two' })).toThrow(/PIN_WRONG/);
    // @ts-expect-error a param the code does not declare
    expect(() => new AppError('PIN_FORMAT', { pin: '1234' })).toThrow(/PIN_FORMAT/);
    expect(() => new AppError('PIN_LOCKED_OUT', { until: 'tomorrow' })).toThrow(/PIN_LOCKED_OUT/);
    // @ts-expect-error a role that is not a drive role
    expect(() => new AppError('DRIVE_FULL', { role: 'spare', neededMib: 10, freeMib: 1 })).toThrow(/DRIVE_FULL/);
  });
});

describe('errorPayload', () => {
  it('builds a {code, params} for data with the same checks as AppError', async () => {
    const { errorPayload } = await import('../../main/kernel/app-error');
    expect(errorPayload('DRIVE_COPY_FILE_MISSING', { path: 'a/b', others: 0 })).toEqual({
      code: 'DRIVE_COPY_FILE_MISSING',
      params: { path: 'a/b', others: 0 },
    });
    expect(errorPayload('DRIVE_STUCK')).toEqual({ code: 'DRIVE_STUCK', params: {} });
    // @ts-expect-error DRIVE_FULL's message names the role and both sizes
    expect(() => errorPayload('DRIVE_FULL', { osCode: 'ENOSPC' })).toThrow(/DRIVE_FULL/);
  });
});
