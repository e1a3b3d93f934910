import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';
import { downloadDemoPackage, plugInDrivesWithRoles } from './packages-steps';

// The technical specialist's internet-package morning in the browser shell against the reference RCOI server
// (which publishes the demo packages on the 5/3-working-day schedule). Flash drives are folders (training mode):
// the main drive is "plugged in" from outside the app, as a person would; the reserve one with the screen's button.

test('the technical specialist downloads the demo package and writes both drives; a damaged copy is caught on insert', async ({ page, app }) => {
  test.setTimeout(90_000);
  await page.goto(app.url);
  await signInAs(page, 7);
  await page.getByRole('link', { name: 'Интернет-пакеты', exact: true }).click();

  // Обществознание, two days from now: published already by the schedule.
  const row = await downloadDemoPackage(page);
  await expect(row).toContainText(/комплектов: \d+ \+ резерв \d+/);

  const drives = await plugInDrivesWithRoles(page, app.dataDir);
  const table = page.getByTestId('drives-table');

  await row.getByRole('button', { name: 'Записать на основной и резервный' }).click();
  await expect(row.getByTestId('package-state')).toHaveText('записан и проверен', { timeout: 30_000 });
  await expect(page.getByTestId('write-progress').locator('li[data-phase="done"]')).toHaveCount(2);
  await expect(row.getByTestId('package-copies')).toContainText('основной: проверен');
  await expect(row.getByTestId('package-copies')).toContainText('резервный: проверен');

  // Someone damages the reserve copy; when the drive is next inserted the app reads it through and says so.
  await page.getByTestId('training-drive-reserve').click();
  await expect(table.locator('tr[data-role="reserve"]')).toHaveAttribute('data-present', 'false');
  const packages = join(drives.root, '.pulled-reserve', 'PPE-PACKAGES');
  const pack = join(packages, readdirSync(packages)[0]!, 'packs', '0001.bin');
  const bytes = readFileSync(pack);
  const middle = bytes.length >> 1;
  bytes[middle] = bytes[middle]! ^ 0xff;
  writeFileSync(pack, bytes);
  await page.getByTestId('training-drive-reserve').click();
  const reserveCheck = table.locator('tr[data-role="reserve"]').getByTestId('drive-check');
  await expect(reserveCheck).toHaveAttribute('data-check', 'done');
  await expect(reserveCheck).toContainText('Файл packs/0001.bin на накопителе повреждён');
  await expect(row.getByTestId('package-state')).toHaveText('скачан, не записан');
  await expect(row.getByTestId('package-copies')).toContainText('резервный: не годится');

  // Writing again mends it.
  await row.getByRole('button', { name: 'Записать на основной и резервный' }).click();
  await expect(row.getByTestId('package-state')).toHaveText('записан и проверен', { timeout: 30_000 });

  // The journal tells the story in words, the damage included.
  await page.getByRole('link', { name: 'Журнал', exact: true }).click();
  const journal = page.getByTestId('journal-table');
  await expect(journal).toContainText('Интернет-пакет скачан и проверен');
  await expect(journal).toContainText('основной: копия точная, проверен каждый байт');
  await expect(journal).toContainText('резервный: Файл packs/0001.bin на накопителе повреждён');
});
