import { parseArgs } from 'node:util';
import { openCore } from '../../main/root/app-core';
import type { PackagesOverview, SignInStaff } from '../../main/ipc/dto';

// A technical specialist's station for the write crash test: opens the app's core on an existing data folder with
// folder-backed drives, waits for the checks on insert to finish, writes a downloaded package to the main and the
// reserve drive, and waits for the result. The test kills it with SIGKILL at random moments.

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, 'drives-folder': { type: 'string' }, 'package-id': { type: 'string' } },
});

async function main() {
  const core = await openCore({
    dataDir: values['data-dir']!,
    transport: 'bridge',
    drivesFolder: values['drives-folder']!,
    drivePollMs: 50,
    log: { error: (m, d) => console.error(m, d) },
  });
  const call = async <T>(channel: string, request: unknown): Promise<T> => {
    const r = await core.dispatch('child', channel, request);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  const staff = await call<SignInStaff[]>('auth/staffList', {});
  await call('auth/signIn', { staffId: staff.find((s) => s.roleCode === 7 && s.hasPin)!.id, pin: '7777' });
  const settled = (o: PackagesOverview) => o.drives.filter((d) => d.present && d.check?.state !== 'checking' && d.check !== null).length === 2;
  while (!settled(await call<PackagesOverview>('packages/overview', {}))) await new Promise((r) => setTimeout(r, 20));
  await call('packages/writeToDrives', { packageId: values['package-id']!, roles: ['main', 'reserve'] });
  console.log('WRITING');
  for (;;) {
    const o = await call<PackagesOverview>('packages/overview', {});
    if (o.write?.targets.every((t) => t.phase === 'done' || t.phase === 'failed')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  console.log('DONE');
  await core.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
