import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ImportResult } from '../../../main/ipc/dto';
// Main is the authority on the size; checking it here only spares sending an obviously wrong, huge file.
import { MAX_BUNDLE_CHARS } from '../../../main/ipc/shared-rules';
import { ApiError, toApiError } from '../../api';
import { useAppState } from '../../state/app-state';


export type ImportSource = { kind: 'file'; fileName: string } | { kind: 'rcoi' };

export interface ImportJob {
  source: ImportSource;
  startedAt: number;
}

export interface ImportFailure {
  examDate: string;
  subjectCode: number;
  error: ApiError;
}

export type ImportOutcome =
  | { source: ImportSource; results: ImportResult[]; offered: number | null; failures: ImportFailure[] }
  | { source: ImportSource; error: ApiError };

type ImportDone = { results: ImportResult[]; offered: number | null; failures: ImportFailure[] };

interface ImportState {
  running: ImportJob | null;
  outcome: ImportOutcome | null;
  importFile(file: File): void;
  fetchFromRcoi(): void;
}

const ImportContext = createContext<ImportState | null>(null);

/**
 * The import runs above the sections, so a person can look at other screens meanwhile and still find the result
 * when they come back to «Списки распределения».
 */
export function BundleImportProvider({ children }: { children: ReactNode }) {
  const { api } = useAppState();
  const [running, setRunning] = useState<ImportJob | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);

  const run = useCallback(
    (source: ImportSource, work: () => Promise<ImportDone>) => {
      setRunning({ source, startedAt: Date.now() });
      setOutcome(null);
      work().then(
        (done) => setOutcome({ source, ...done }),
        (e: unknown) => setOutcome({ source, error: toApiError(e) }),
      ).finally(() => setRunning(null));
    },
    [],
  );

  const importFile = useCallback(
    (file: File) =>
      run({ kind: 'file', fileName: file.name }, async () => {
        if (file.size > MAX_BUNDLE_CHARS * 4) throw new ApiError('BUNDLE_TOO_LARGE');
        const content = await file.text();
        if (content.length > MAX_BUNDLE_CHARS) throw new ApiError('BUNDLE_TOO_LARGE');
        const result = await api.call('bundles/import', { fileName: file.name.slice(0, 260), content });
        return { results: [result], offered: null, failures: [] };
      }),
    [api, run],
  );

  const fetchFromRcoi = useCallback(
    () =>
      run({ kind: 'rcoi' }, async () => {
        const { offered, results, failures } = await api.call('bundles/fetchFromRcoi', {});
        return {
          results,
          offered,
          failures: failures.map((f) => ({ ...f, error: new ApiError(f.error.code, f.error.params) })),
        };
      }),
    [api, run],
  );

  const value = useMemo(
    () => ({ running, outcome, importFile, fetchFromRcoi }),
    [running, outcome, importFile, fetchFromRcoi],
  );
  return <ImportContext.Provider value={value}>{children}</ImportContext.Provider>;
}

export function useBundleImport(): ImportState {
  const value = useContext(ImportContext);
  if (!value) throw new Error('useBundleImport outside BundleImportProvider');
  return value;
}
