import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, startProcess, stop, test } from './fixtures';
import { signInAs } from './fixtures-page';

// The «Связь с РЦОИ» screen: a large upload progresses, the network is cut (RCOI killed), and the upload finishes
// by itself when RCOI comes back on the same address. This spec runs its own RCOI process so it can kill it.

test('an upload survives RCOI going away and finishes by itself when it returns', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'ppe-e2e-sync-'));
  const rcoiArgs = (port: string) => ['--demo', '--port', port, '--db', join(dir, 'rcoi.sqlite')];
  let rcoi = await startProcess('dist/tests/rcoi-server/cli.js', rcoiArgs('0'), /listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const rcoiUrl = rcoi.line;
  const port = new URL(rcoiUrl).port;
  const app = await startProcess(
    'dist/main/bridge/cli.js',
    ['--data-dir', join(dir, 'app'), '--port', '0', '--rcoi-url', rcoiUrl, '--demo'],
    /PPE bridge: (\S+)/,
  );
  try {
    // Slow RCOI down so the 64 MiB packet takes a while: there must be time to watch it and to cut it.
    await fetch(`${rcoiUrl}/admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slowMs: 400 }),
    });
    await page.goto(app.line);
    await signInAs(page, 7);
    await page.getByRole('link', { name: 'Связь с РЦОИ', exact: true }).click();
    await expect(page.getByTestId('sync-link-state')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });

    await page.getByRole('button', { name: 'Отправить учебный пакет сканов (64 МиБ)' }).click();
    const progress = page.getByTestId('sync-active-upload').getByRole('progressbar', { name: 'Передано' });
    await expect(progress).toBeVisible({ timeout: 20_000 });
    await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 20_000 }).toBeGreaterThan(0);

    // The network is cut: RCOI is gone.
    await stop(rcoi.process);
    await expect(page.getByTestId('sync-link-state')).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
    const packet = page.getByTestId('sync-items').locator('tr[data-kind="scan.packet"]');
    await expect(packet).toHaveAttribute('data-state', 'pending');

    // RCOI returns on the same address, healthy; nobody touches anything.
    rcoi = await startProcess('dist/tests/rcoi-server/cli.js', rcoiArgs(port), /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await expect(packet).toHaveAttribute('data-state', 'delivered', { timeout: 60_000 });
    await expect(page.getByTestId('sync-link-state')).toHaveAttribute('data-state', 'online');
  } finally {
    await stop(app.process);
    await stop(rcoi.process);
    rmSync(dir, { recursive: true, force: true });
  }
});
