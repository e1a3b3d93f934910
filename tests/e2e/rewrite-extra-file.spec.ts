import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';
import { downloadDemoPackage, plugInDrivesWithRoles } from './packages-steps';

// Issue 10, item 3: a rewrite can always end good. Someone leaves an extra file (and folder) in the package folder
// on the main drive; the check says the copy is not exact, and every summary on the screen says so — the finished
// write kept at the top no longer claims «готово, проверено». «Записать» again removes what does not belong (the
// journal names it) and ends read back and verified.

test('an extra file in a package folder on a drive: the check says so, and writing again ends verified', async ({ page, app }) => {
  test.setTimeout(120_000);
  await page.goto(app.url);
  await signInAs(page, 7);
  await page.getByRole('link', { name: 'Интернет-пакеты', exact: true }).click();
  const row = await downloadDemoPackage(page);
  const drives = await plugInDrivesWithRoles(page, app.dataDir);
  const table = page.getByTestId('drives-table');

  await row.getByRole('button', { name: 'Записать на основной и резервный' }).click();
  await expect(row.getByTestId('package-state')).toHaveText('записан и проверен', { timeout: 30_000 });
  const progress = page.getByTestId('write-progress');
  await expect(progress.locator('li[data-phase="done"]')).toHaveCount(2);

  // An extra file and an extra folder appear in the main drive's package folder.
  const packages = join(drives.mountPathOf('usb-main'), 'PPE-PACKAGES');
  const folder = join(packages, readdirSync(packages)[0]!);
  writeFileSync(join(folder, 'readme.txt'), 'someone left a note');
  mkdirSync(join(folder, 'copy of packs'));
  writeFileSync(join(folder, 'copy of packs', '0001.bin'), 'x');

  const mainDrive = table.locator('tr[data-role="main"]');
  await mainDrive.getByRole('button', { name: 'Проверить', exact: true }).click();
  const mainCheck = mainDrive.getByTestId('drive-check');
  await expect(mainCheck).toHaveAttribute('data-check', 'done');
  await expect(mainCheck).toContainText('лишний файл');
  // Every summary is the latest check's: the exam row and the finished write at the top both say the main copy is bad.
  await expect(row.getByTestId('package-state')).toHaveText('скачан, не записан');
  await expect(row.getByTestId('package-copies')).toContainText('основной: не годится');
  const mainTarget = progress.locator('li[data-role="main"]');
  await expect(mainTarget).toHaveAttribute('data-phase', 'failed');
  await expect(mainTarget).toContainText('нашла неисправность');
  await expect(mainTarget).toContainText('лишний файл');
  await expect(mainTarget).not.toContainText('готово, проверено');
  await progress.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/rewrite-extra-file-check-found.png' });

  // «Записать» again: what does not belong is removed, every byte read back.
  await row.getByRole('button', { name: /^⛁?\s*Записать/ }).click();
  await expect(row.getByTestId('package-state')).toHaveText('записан и проверен', { timeout: 30_000 });
  await expect(progress.locator('li[data-phase="done"]')).toHaveCount(2);
  await expect(mainTarget).toContainText('готово, проверено');
  await expect(row.getByTestId('package-copies')).toContainText('основной: проверен');
  expect(readdirSync(folder).sort()).toEqual(['manifest.json', 'packs']);
  await progress.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/rewrite-extra-file-rewritten.png' });

  // The journal names what was removed.
  await page.getByRole('link', { name: 'Журнал', exact: true }).click();
  const journal = page.getByTestId('journal-table');
  await expect(journal).toContainText('удалено лишнее');
  await expect(journal).toContainText('основной: удалено 2 — copy of packs/, readme.txt');
});
