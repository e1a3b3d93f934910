import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channel, event, mergeSlices } from '../../main/ipc/channel';
import { eventChannels, invokeChannels } from '../../main/ipc/contract';
import { ENROL_CODE_LENGTH, PIN_PATTERN, SEARCH_TEXT_MAX } from '../../main/ipc/shared-rules';

// Each capability declares its channels and events in main/ipc/slices/<capability>.ts; contract.ts joins them.

const slicesDir = join(__dirname, '../../main/ipc/slices');

/** Every `<cap>Channels` and `<cap>Events` export of every slice file, as the files on disk have them. */
async function declaredBySlices() {
  const found = { channels: [] as [string, Record<string, unknown>][], events: [] as [string, Record<string, unknown>][] };
  for (const file of readdirSync(slicesDir).filter((f) => f.endsWith('.ts')).sort()) {
    const mod = (await import(join(slicesDir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (name.endsWith('Channels')) found.channels.push([`${file}:${name}`, value as Record<string, unknown>]);
      if (name.endsWith('Events')) found.events.push([`${file}:${name}`, value as Record<string, unknown>]);
    }
  }
  return found;
}

describe('contract slices', () => {
  it('refuses a channel name two slices both declare', () => {
    const spec = channel({ access: 'public', request: z.object({}), response: z.object({}) });
    const a = { 'x/one': spec, 'x/two': spec };
    const b = { 'y/one': spec, 'x/two': spec };
    expect(() => mergeSlices('invokeChannels', a, b)).toThrow("invokeChannels: 'x/two' is declared by two contract slices");
    expect(Object.keys(mergeSlices('invokeChannels', a, { 'y/one': spec }))).toEqual(['x/one', 'x/two', 'y/one']);
  });

  it('refuses an event name two slices both declare', () => {
    const spec = event({ access: 'public', payload: z.object({}) });
    expect(() => mergeSlices('eventChannels', { 'a/changed': spec }, { 'a/changed': spec })).toThrow(/'a\/changed'/);
  });

  it('the contract holds every slice’s channels and events, each declared once', async () => {
    const found = await declaredBySlices();
    const channelNames = found.channels.flatMap(([, slice]) => Object.keys(slice));
    const eventNames = found.events.flatMap(([, slice]) => Object.keys(slice));
    expect(found.channels.length).toBeGreaterThanOrEqual(9);
    // A slice the contract forgot to merge, or a name declared twice, shows here.
    expect(channelNames.toSorted()).toEqual(Object.keys(invokeChannels).toSorted());
    expect(eventNames.toSorted()).toEqual(Object.keys(eventChannels).toSorted());
    expect(new Set(channelNames).size).toBe(channelNames.length);
    expect(new Set(eventNames).size).toBe(eventNames.length);
    for (const [, slice] of found.channels) {
      for (const [name, spec] of Object.entries(slice)) expect({ name, spec: invokeChannels[name as keyof typeof invokeChannels] }).toEqual({ name, spec });
    }
  });

  it('the limits the renderer checks early are the ones the contract enforces (shared-rules.ts)', () => {
    const search = invokeChannels['staff/search'].request;
    expect(search.safeParse({ query: 'х'.repeat(SEARCH_TEXT_MAX), examId: null }).success).toBe(true);
    expect(search.safeParse({ query: 'х'.repeat(SEARCH_TEXT_MAX + 1), examId: null }).success).toBe(false);
    const enrol = invokeChannels['sync/enrol'].request;
    expect(enrol.safeParse({ code: '7'.repeat(ENROL_CODE_LENGTH.min) }).success).toBe(true);
    expect(enrol.safeParse({ code: '7'.repeat(ENROL_CODE_LENGTH.min - 1) }).success).toBe(false);
    expect(enrol.safeParse({ code: '7'.repeat(ENROL_CODE_LENGTH.max + 1) }).success).toBe(false);
    expect(['1234', '12345678'].map((p) => PIN_PATTERN.test(p))).toEqual([true, true]);
    expect(['123', '123456789', '12a4', ' 1234'].map((p) => PIN_PATTERN.test(p))).toEqual([false, false, false, false]);
  });
});
