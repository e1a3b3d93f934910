import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../support/core-harness';

// Item 11: the dispatcher checks who is calling before it looks at what they sent, so a caller who may not use a
// channel cannot probe its request shape: a malformed request from them is refused for who they are, not for its shape.

let h: Harness;
beforeAll(async () => {
  h = await openHarness({ idleLockSeconds: 60 });
});
afterAll(() => h.close());

const MALFORMED = { definitely: 'not the schema', deep: { __proto__: { polluted: true } } };

describe('dispatcher: role before schema', () => {
  it('a signed-out caller sending a malformed request to a protected channel learns only that they are signed out', async () => {
    for (const channel of ['exams/list', 'bundles/import', 'packages/download', 'journal/list', 'staff/setPin'] as const) {
      const r = await h.core.dispatch('signed-out', channel, MALFORMED);
      expect(r.ok).toBe(false);
      expect(r.ok ? null : r.error.code, channel).toBe('NOT_SIGNED_IN');
    }
    const wrongType = await h.core.dispatch('signed-out', 'packages/download', 'a string, not an object');
    expect(wrongType.ok ? null : wrongType.error.code).toBe('NOT_SIGNED_IN');
  });

  it('a caller without the permission gets FORBIDDEN, not VALIDATION_FAILED', async () => {
    await h.signInAs('organiser', 2);
    const r = await h.core.dispatch('organiser', 'bundles/import', MALFORMED);
    expect(r.ok ? null : r.error).toEqual({ code: 'FORBIDDEN', params: { permission: 'bundles.import' } });
    const p = await h.core.dispatch('organiser', 'packages/download', { packageId: 42 });
    expect(p.ok ? null : p.error.code).toBe('FORBIDDEN');
  });

  it('a locked session gets SESSION_LOCKED for a malformed request', async () => {
    await h.signInAs('locked', 7);
    h.clock.advance(61_000);
    const r = await h.core.dispatch('locked', 'packages/download', MALFORMED);
    expect(r.ok ? null : r.error.code).toBe('SESSION_LOCKED');
  });

  it('a caller who may use the channel still gets the schema error, and public channels validate as before', async () => {
    await h.signInAs('tech', 7);
    const r = await h.core.dispatch('tech', 'packages/download', MALFORMED);
    expect(r.ok ? null : r.error.code).toBe('VALIDATION_FAILED');
    const pub = await h.core.dispatch('signed-out', 'auth/signIn', MALFORMED);
    expect(pub.ok ? null : pub.error.code).toBe('VALIDATION_FAILED');
    const unknown = await h.core.dispatch('signed-out', 'no/such', MALFORMED);
    expect(unknown.ok ? null : unknown.error.code).toBe('UNKNOWN_CHANNEL');
  });
});
