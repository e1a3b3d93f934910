import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';
import { expectFits, screenshot, settled, SIZES, sizeName, withProbes } from './screens';

// Issue 11, item 2: the «Флешка для переноса» screen in the training PPE. The demo station has no pinned room
// station, so this walks what a station sees before any exchange: the overview, a practice drive plugged in and
// marked for transfer, taking from an empty drive (nothing taken, nothing missing), at both laptop sizes.

for (const size of SIZES) {
  test.describe(`at ${sizeName(size)}`, () => {
    test.use({ viewport: size });

    test('the technical specialist marks a practice drive for transfer and takes from it: nothing there, nothing missing', async ({ page, app }) => {
      await withProbes(page);
      await page.goto(app.url);
      await signInAs(page, 7);
      await page.getByRole('link', { name: 'Флешка для переноса', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'Флешка для переноса', level: 1 })).toBeVisible();
      await settled(page);
      await expect(page.getByTestId('transfer-station')).toContainText('№ 100001');
      await expect(page.getByTestId('transfer-drive')).toContainText('Флешка для переноса не вставлена');
      await expectFits(page, 'transfer, no drive');
      await screenshot(page, size, 'tech-transfer-no-drive');

      // Training: a practice drive is plugged in from this screen, then marked as the transfer drive.
      await page.getByRole('button', { name: 'Учебный режим: вставить учебную флешку для переноса' }).click();
      const choose = page.getByRole('button', { name: 'Сделать флешкой для переноса' });
      await expect(choose).toBeVisible({ timeout: 15_000 });
      await choose.click();
      await expect(page.getByTestId('transfer-drive-chosen')).toContainText('TRANSFER');
      await expect(page.getByTestId('transfer-on-drive')).toContainText('На флешке нет файлов для этой станции.');

      await page.getByRole('button', { name: 'Принять всё с флешки' }).click();
      await expect(page.getByTestId('transfer-last-import')).toContainText('Принято файлов: 0. Уже были приняты раньше: 0. Отклонено: 0.');
      await expect(page.getByTestId('transfer-gaps')).toContainText('пропусков нет');
      await expect(page.getByTestId('transfer-taken')).toContainText('С флешки ещё ничего не принято.');
      await settled(page);
      await expectFits(page, 'transfer, drive read');
      await screenshot(page, size, 'tech-transfer-drive-read');

      // Something on the drive for HQ that is no message: listed as unreadable, refused in words with what to do.
      const hqFolder = join(app.dataDir, 'training-drives', 'transfer', 'PPE-TRANSFER', 'hq');
      mkdirSync(hqFolder, { recursive: true });
      writeFileSync(join(hqFolder, '100101-00000001-room.journal_extract.ppex'), 'не сообщение');
      await page.getByRole('button', { name: 'Принять всё с флешки' }).click();
      await expect(page.getByTestId('transfer-last-import')).toContainText('Отклонено: 1.');
      await expect(page.getByTestId('transfer-refused')).toContainText('не сообщение станции ППЭ или повреждён. Он не принят. Запишите его на станции-отправителе заново.');
      await expect(page.getByTestId('transfer-files').locator('tr[data-state="unreadable"]')).toHaveCount(1);
      await settled(page);
      await expectFits(page, 'transfer, a file refused');
      await screenshot(page, size, 'tech-transfer-refused');
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  });
}

test('the PPE head reads the transfer screen but has no buttons to take or write', async ({ page, app }) => {
  await page.goto(app.url);
  await signInAs(page, 1);
  await page.getByRole('link', { name: 'Флешка для переноса', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Флешка для переноса', level: 1 })).toBeVisible();
  await settled(page);
  await expect(page.getByRole('button', { name: 'Принять всё с флешки' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Записать/ })).toHaveCount(0);
});
