import { execFile } from 'node:child_process';

// Every spooler tool (lp, lpstat, ipptool, cancel, PowerShell, the PDF printing helper) runs through here: execFile
// with an argument array — never a shell, so a printer name or title is never parsed as shell syntax — bounded by a
// timeout and an output cap, because a spooler waiting on a dead USB printer can hang its clients.

export interface ToolResult {
  stdout: string;
  stderr: string;
  /** The exit code; null if the tool was killed. */
  code: number | null;
}

export interface ToolOptions {
  timeoutMs?: number;
  /** Bytes of stdout (and, separately, stderr) kept before the tool is killed. */
  maxBytes?: number;
  /** Written to the tool's stdin, then stdin is closed (lp reads a document from stdin; ipptool a test file). */
  input?: Buffer | string;
  env?: NodeJS.ProcessEnv;
}

/** Runs a tool and resolves with what it printed and its exit code; rejects only when it could not run or took too long. */
export type RunTool = (file: string, args: readonly string[], options?: ToolOptions) => Promise<ToolResult>;

export class ToolFailure extends Error {
  constructor(
    readonly reason: 'missing' | 'timeout' | 'output-too-large' | 'spawn',
    readonly tool: string,
    options?: { cause?: unknown },
  ) {
    super(`${tool}: ${reason}`, options);
    this.name = 'ToolFailure';
  }
}

export const runTool: RunTool = (file, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      {
        timeout: options.timeoutMs ?? 15_000,
        maxBuffer: options.maxBytes ?? 1024 * 1024,
        encoding: 'utf8',
        windowsHide: true,
        env: options.env ?? process.env,
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ stdout, stderr, code: 0 });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown; signal?: string | null };
        if (e.code === 'ENOENT') return reject(new ToolFailure('missing', file, { cause: error }));
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return reject(new ToolFailure('output-too-large', file, { cause: error }));
        if (e.killed === true || e.signal === 'SIGTERM') return reject(new ToolFailure('timeout', file, { cause: error }));
        if (typeof e.code === 'number') return resolve({ stdout, stderr, code: e.code });
        reject(new ToolFailure('spawn', file, { cause: error }));
      },
    );
    // A tool that exits before reading all of stdin (lp refusing a printer) must not crash us with EPIPE.
    child.stdin?.on('error', () => undefined);
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
