import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The renderer runs in a sandboxed page: from main it may import types (the contract, its slices, error codes)
// and, at run time, only the pure shared modules eslint.config.js names. Splitting the contract into slices must
// not open a way round that rule.

const root = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function importProblems(source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const probe = 1;\n`, { filePath: resolve(root, 'renderer/screens/import-probe.ts') });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('the renderer’s imports from main/ipc', () => {
  it('refuses run-time imports of the contract, its slices and the error catalog', async () => {
    for (const from of ['main/ipc/contract', 'main/ipc/dto', 'main/ipc/slices/auth', 'main/ipc/channel', 'main/ipc/errors']) {
      const problems = await importProblems(`import { x } from '../../${from}';\nvoid x;`);
      expect({ from, refused: problems.length }).toEqual({ from, refused: 1 });
    }
  });

  it('allows type imports from them, and values from shared-rules', async () => {
    expect(await importProblems(`import type { SessionState } from '../../main/ipc/slices/auth';\nexport type S = SessionState;`)).toEqual([]);
    expect(await importProblems(`import type { ErrorCode } from '../../main/ipc/errors';\nexport type C = ErrorCode;`)).toEqual([]);
    expect(await importProblems(`import { PIN_PATTERN } from '../../main/ipc/shared-rules';\nvoid PIN_PATTERN;`)).toEqual([]);
  });
});
