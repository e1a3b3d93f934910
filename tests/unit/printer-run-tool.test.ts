import { describe, expect, it } from 'vitest';
import { runTool, ToolFailure } from '../../native/printer/run-tool';

// The one way the printer adapters start a tool: execFile with an argument array, a timeout and an output cap.

describe('runTool', () => {
  it('passes arguments as they are (no shell) and feeds stdin', async () => {
    expect(await runTool('printf', ['%s|', '$(id)', 'a b;c'])).toEqual({ stdout: '$(id)|a b;c|', stderr: '', code: 0 });
    expect((await runTool('cat', [], { input: Buffer.from('%PDF-1.7') })).stdout).toBe('%PDF-1.7');
  });

  it('resolves a failing tool with its exit code and stderr', async () => {
    const r = await runTool('sh', ['-c', 'echo "lp: oops" >&2; exit 3']);
    expect(r).toEqual({ stdout: '', stderr: 'lp: oops\n', code: 3 });
  });

  it('rejects a missing tool, a hung tool and a flood of output with typed reasons', async () => {
    await expect(runTool('no-such-tool-ppe', [])).rejects.toMatchObject({ reason: 'missing' });
    await expect(runTool('sleep', ['30'], { timeoutMs: 100 })).rejects.toBeInstanceOf(ToolFailure);
    await expect(runTool('sleep', ['30'], { timeoutMs: 100 })).rejects.toMatchObject({ reason: 'timeout' });
    await expect(runTool('yes', [], { maxBytes: 10_000 })).rejects.toMatchObject({ reason: 'output-too-large' });
  });
});
