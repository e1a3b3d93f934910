import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore, type AppCore, type CoreOptions } from '../../main/root/app-core';
import { ManualClock } from '../../main/kernel/clock';
import type { InvokeChannel, RequestOf, ResponseOf } from '../../main/ipc/contract';
import type { AppErrorPayload } from '../../main/ipc/errors';

/** 08:00 on 1 June 2026 in Kemerovo (UTC+7): exam morning of the demo PPE's "today" exam. */
export const EXAM_MORNING = new Date('2026-06-01T01:00:00.000Z');

export interface Harness {
  core: AppCore;
  clock: ManualClock;
  dataDir: string;
  call<C extends InvokeChannel>(session: string, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  fail<C extends InvokeChannel>(session: string, channel: C, request: RequestOf<C>): Promise<AppErrorPayload>;
  signInAs(session: string, roleCode: number): Promise<number>;
  reopen(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real core on a real SQLite file in a fresh temp folder, seeded with the demo PPE (training mode, asked for
 * explicitly: a fresh core is not set up), on a manual clock. `{ demo: false }` gives a station that is not set up.
 */
export async function openHarness(options: Partial<CoreOptions> = {}, at: Date = EXAM_MORNING): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ppe-test-'));
  const clock = new ManualClock(at);
  const open = () => openCore({ dataDir, transport: 'bridge', clock, log: { error: () => {} }, drives: null, demo: true, ...options });
  const h: Harness = {
    core: await open(),
    clock,
    dataDir,
    async call(session, channel, request) {
      const r = await h.core.dispatch(session, channel, request);
      if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
      return r.value as never;
    },
    async fail(session, channel, request) {
      const r = await h.core.dispatch(session, channel, request);
      if (r.ok) throw new Error(`${channel} was expected to fail but returned ${JSON.stringify(r.value).slice(0, 200)}`);
      return r.error;
    },
    async signInAs(session, roleCode) {
      const staff = await h.call(session, 'auth/staffList', {});
      const person = staff.find((s) => s.roleCode === roleCode && s.hasPin);
      if (!person) throw new Error(`no staff with role ${roleCode}`);
      const pin = String(roleCode).repeat(4);
      await h.call(session, 'auth/signIn', { staffId: person.id, pin });
      return person.id;
    },
    async reopen() {
      await h.core.close();
      h.core = await open();
    },
    async close() {
      await h.core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}
