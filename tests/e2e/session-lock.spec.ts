import { expect, test } from './fixtures';
import { staffWithRole } from './demo-data';
import { signInAs } from './fixtures-page';

// Sessions mean a person is there (issue 8, item 12): a lock button beside «Выйти», the next person always starts
// on the home screen, and only a person's own input keeps a session from the idle lock.

test('the lock button locks at once; after sign-out the next person starts at home, not on the previous page', async ({ page, app }) => {
  await page.goto(app.url);
  await signInAs(page, 1);
  await page.getByRole('link', { name: 'Журнал' }).click();
  await expect(page.getByRole('heading', { name: 'Журнал' })).toBeVisible();

  await page.getByRole('button', { name: 'Заблокировать' }).click();
  await expect(page.getByRole('button', { name: 'Разблокировать' })).toBeVisible();
  await expect(page.getByTestId('locked-user')).toContainText(staffWithRole(1).lastName);
  // The same person comes back to the page they left.
  await page.getByLabel('PIN', { exact: true }).fill('1111');
  await page.getByRole('button', { name: 'Разблокировать' }).click();
  await expect(page.getByRole('heading', { name: 'Журнал' })).toBeVisible();
  await expect(page.getByTestId('journal-table')).toContainText('Экран заблокирован кнопкой');

  // Someone else: the head signs out, the technical specialist signs in and lands on the home screen.
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page.getByTestId('session-user')).toHaveCount(0);
  await signInAs(page, 7);
  await expect(page.getByTestId('session-user')).toContainText(staffWithRole(7).lastName);
  await expect(page.getByRole('heading', { name: 'Главная' })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/home');

  // The same from the lock screen: «Войти другим сотрудником» after a lock, and the GEK member starts at home.
  await page.getByRole('link', { name: 'Интернет-пакеты', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Интернет-пакеты' })).toBeVisible();
  await page.getByRole('button', { name: 'Заблокировать' }).click();
  await page.getByRole('button', { name: 'Войти другим сотрудником' }).click();
  await signInAs(page, 5);
  await expect(page.getByTestId('session-user')).toContainText(staffWithRole(5).lastName);
  await expect(page.getByRole('heading', { name: 'Главная' })).toBeVisible();
});

test.describe('with a 4-second idle lock', () => {
  test.use({ appOptions: { idleLockSeconds: 4 } });

  test('a person typing keeps the session open; once they stop, it locks', async ({ page, app }) => {
    await page.goto(app.url);
    await signInAs(page, 7);
    await expect(page.getByTestId('session-user')).toBeVisible();
    // Twice the idle limit of the person's own input: keys and the wheel, nothing else calls main meanwhile.
    for (let i = 0; i < 20; i++) {
      if (i % 2 === 0) await page.keyboard.press('Shift');
      else await page.mouse.wheel(0, 40);
      await page.waitForTimeout(400);
    }
    await expect(page.getByRole('button', { name: 'Разблокировать' })).toHaveCount(0);
    await expect(page.getByTestId('session-user')).toBeVisible();
    // Hands off: the lock comes although the home screen keeps its own timers running.
    await expect(page.getByRole('button', { name: 'Разблокировать' })).toBeVisible({ timeout: 15_000 });
  });
});
