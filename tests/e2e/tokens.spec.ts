import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';
import { expectFits, screenshot, settled, withProbes } from './screens';

// «Токены ГЭК» in training mode with the simulated tokens (issue 11, item 3): the technical specialist registers a
// training token to a GEK member with the PPE head confirming, then the member's token is checked — a wrong PIN
// says how many tries are left, the right one says the token works. No PKCS#11 library is installed on this
// machine: the screen says so in words, and the training tokens still work.

test('the technical specialist registers a training token to a GEK member and checks it', async ({ page, app }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await withProbes(page);
  await page.goto(app.url);
  await signInAs(page, 7);
  await page.getByRole('link', { name: 'Токены ГЭК', exact: true }).click();
  await settled(page);
  const screen = page.getByTestId('tokens-screen');
  await expect(screen).toContainText('PIN учебного токена: 123456');
  const connected = page.getByTestId('tokens-connected');
  await expect(connected).toContainText('Библиотека токенов не найдена');
  await expect(connected.locator('tr[data-serial="SIM-0001"]')).toContainText('учебный (симуляция)');
  await expect(connected.locator('tr[data-serial="SIM-0001"]')).toContainText('ECDSA P-256');

  const enrol = page.getByTestId('tokens-enrol');
  await enrol.getByLabel('Член ГЭК', { exact: true }).selectOption({ index: 1 });
  await enrol.getByLabel('Токен', { exact: true }).selectOption({ value: 'SIM-0001' });
  await enrol.getByTestId('tokens-enrol-pin').fill('123456');
  await enrol.getByRole('button', { name: 'Зарегистрировать токен' }).click();
  // Without the head's confirmation main refuses, in words.
  await expect(enrol.getByTestId('action-error')).toHaveAttribute('data-code', 'TOKEN_CONFIRMATION_REQUIRED');
  await expect(enrol.getByTestId('action-error')).toContainText('подтверждает руководитель ППЭ своим PIN');

  await enrol.getByTestId('tokens-enrol-pin').fill('123456');
  await enrol.getByLabel('Руководитель ППЭ', { exact: true }).selectOption({ index: 1 });
  await enrol.getByLabel('PIN руководителя ППЭ').fill('1111');
  await enrol.getByRole('button', { name: 'Зарегистрировать токен' }).click();
  await expect(enrol).toContainText('Токен № SIM-0001 закреплён. Член ГЭК:');
  const register = page.getByTestId('tokens-register');
  await expect(register).toContainText('№ SIM-0001');
  await expect(register).toContainText('зарегистрирован в штабе');
  await expect(connected.locator('tr[data-serial="SIM-0001"]')).not.toContainText('не закреплён');

  const check = page.getByTestId('tokens-check');
  await check.getByLabel('Член ГЭК', { exact: true }).selectOption({ index: 1 });
  await check.getByTestId('tokens-check-pin').fill('000000');
  await check.getByRole('button', { name: 'Проверить токен' }).click();
  await expect(check.getByTestId('action-error')).toContainText('Неверный PIN токена. Осталось попыток: 9.');
  await check.getByTestId('tokens-check-pin').fill('123456');
  await check.getByRole('button', { name: 'Проверить токен' }).click();
  await expect(check).toContainText('исправен: подпись сходится с закреплённым ключом');
  await expectFits(page, 'tokens after a check');
  await screenshot(page, { width: 1280, height: 720 }, 'tokens-training-checked');
  await page.getByTestId('tokens-enrol').scrollIntoViewIfNeeded();
  await screenshot(page, { width: 1280, height: 720 }, 'tokens-training-forms');

  await page.getByRole('link', { name: 'Журнал', exact: true }).click();
  await expect(page.getByTestId('journal-table')).toContainText('Токен закреплён за членом ГЭК');
  await expect(page.getByTestId('journal-table')).toContainText('Проверка токена члена ГЭК');
});
