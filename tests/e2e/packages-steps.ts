import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { FolderDriveSimulator } from '../../native/drives/folder-simulator';
import { expect } from './fixtures';

// Steps the packages specs share, as the technical specialist takes them on the «Интернет-пакеты» screen of the
// demo PPE against the reference RCOI server. Flash drives are folders (training mode): the main drive is plugged in
// from outside the app, as a person would; the reserve one with the screen's button.

/** Asks RCOI for the list and downloads the demo's Обществознание package; returns its row. */
export async function downloadDemoPackage(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Проверить наличие в РЦОИ' }).click();
  const row = page.locator('[data-testid="packages-table"] tr[data-subject="12"]');
  await expect(row.getByTestId('package-state')).toHaveText('можно скачать');
  await row.getByRole('button', { name: 'Скачать' }).click();
  await expect(row.getByTestId('package-state')).toHaveText('скачан, не записан', { timeout: 30_000 });
  return row;
}

/** Plugs in a main and a reserve drive and gives them their roles; returns the drives simulator. */
export async function plugInDrivesWithRoles(page: Page, dataDir: string): Promise<FolderDriveSimulator> {
  const drives = new FolderDriveSimulator(join(dataDir, 'training-drives'));
  await drives.insert('usb-main', { serial: 'KINGSTON-0001', label: 'ОСНОВНОЙ' });
  await page.getByTestId('training-drive-reserve').click();
  const table = page.getByTestId('drives-table');
  await expect(table.locator('tr[data-present="true"]')).toHaveCount(2);
  await page.getByLabel('Роль накопителя ОСНОВНОЙ').selectOption('main');
  await page.getByLabel('Роль накопителя RESERVE').selectOption('reserve');
  await expect(table.locator('tr[data-role="main"]')).toBeVisible();
  await expect(table.locator('tr[data-role="reserve"]')).toBeVisible();
  return drives;
}
