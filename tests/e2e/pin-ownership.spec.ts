import { expect, test } from './fixtures';
import { fullName, staffWithRole } from './demo-data';
import { signInAs } from './fixtures-page';

test.use({ appOptions: { sync: false } });

test('a GEK member’s PIN is issued with a second person, and its owner chooses a new one at sign-in', async ({ page, app }) => {
  await page.goto(app.url);
  await signInAs(page, 7);
  await page.getByRole('link', { name: 'Работники', exact: true }).click();
  const gek = staffWithRole(5);
  const head = staffWithRole(1);
  await page.getByRole('button', { name: `Выдать PIN — ${fullName(gek)}` }).click();

  await page.getByLabel('Новый PIN', { exact: true }).fill('482913');
  await page.getByLabel('Повторите PIN', { exact: true }).fill('482913');
  // The dialog asks for the second person, and says why.
  await expect(page.getByTestId('pin-dialog-second')).toContainText('только вдвоём');
  await page.getByLabel('Кто подтверждает', { exact: true }).selectOption({ label: `${fullName(head)} — Руководитель ППЭ` });
  await page.getByLabel('PIN подтверждающего', { exact: true }).fill('1111');
  await page.getByRole('button', { name: 'Выдать PIN', exact: true }).click();
  await expect(page.getByText(`PIN выдан: ${fullName(gek)}`)).toBeVisible();

  await page.getByRole('button', { name: 'Выйти', exact: true }).click();
  await page.getByRole('button', { name: fullName(gek) }).click();
  await page.getByLabel('PIN', { exact: true }).fill('482913');
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Задайте новый PIN' })).toBeVisible();
  await expect(page.getByTestId('session-user')).toHaveCount(0);

  await page.getByLabel('Ваш новый PIN', { exact: true }).fill('1234');
  await page.getByLabel('Повторите PIN', { exact: true }).fill('1234');
  await page.getByRole('button', { name: 'Сохранить PIN и войти' }).click();
  await expect(page.getByRole('alert')).toContainText('легко угадать');

  await page.getByLabel('Ваш новый PIN', { exact: true }).fill('730518');
  await page.getByLabel('Повторите PIN', { exact: true }).fill('730518');
  await page.getByRole('button', { name: 'Сохранить PIN и войти' }).click();
  await expect(page.getByTestId('session-user')).toContainText(gek.lastName);
});
