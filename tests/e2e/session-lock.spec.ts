import { expect, test } from './fixtures';
import { staffWithRole } from './demo-data';
import { answeredCalls, signInAs } from './fixtures-page';

// Sessions mean a person is there (issue 8, item 12): a lock button beside «Выйти», the next person always starts
// on the home screen, and only a person's own input keeps a session from the idle lock.

test('the lock button locks at once; after sign-out the next person starts at home, not on the previous page', async ({ page, app }) => {
  await page.goto(app.url);
  await signInAs(page, 1);
  await page.getByRole('link', { name: 'Журнал', exact: true }).click();
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
  // Main's clock stands still and moves only when the test says so (--manual-clock, main/bridge/manual-clock.ts); the
  // page's clock is Playwright's. Real seconds count for neither, so the test proves the rule without waiting it out.
  test.use({ appOptions: { idleLockSeconds: 4, manualClock: true } });

  test('a person typing keeps the session open; once they stop, it locks', async ({ page, app }) => {
    await page.clock.install();
    const calls = answeredCalls(page);
    await page.goto(app.url);
    await signInAs(page, 7);
    await expect(page.getByTestId('session-user')).toBeVisible();
    // Twice the idle limit of the person's own input: keys and the wheel, 3 s of main's time (under the limit) apart,
    // each one answered by main before its time moves on; nothing else the person does calls main meanwhile.
    for (let i = 0; i < 4; i++) {
      await app.advanceClock(3_000);
      // The page sends at most one heartbeat per quarter of the limit: its clock jumps past that, instead of waiting.
      await page.clock.fastForward(1_000);
      const beats = calls.count('auth/heartbeat');
      if (i % 2 === 0) await page.keyboard.press('Shift');
      else await page.mouse.wheel(0, 40);
      await expect.poll(() => calls.count('auth/heartbeat')).toBe(beats + 1);
    }
    // 15 s of main's time since sign-in, 3 s since the last input; main has just swept idle sessions at this time.
    await app.advanceClock(3_000);
    await expect(page.getByRole('button', { name: 'Разблокировать' })).toHaveCount(0);
    await expect(page.getByTestId('session-user')).toBeVisible();
    // Hands off: the lock comes although the home screen keeps its own timers running. The page's clock jumps a
    // minute, so every refresh timer fires and its read reaches main — and none of them counts as a person.
    const reads = calls.count() - calls.count('auth/heartbeat');
    await page.clock.fastForward(60_000);
    await expect.poll(() => calls.count() - calls.count('auth/heartbeat')).toBeGreaterThan(reads);
    await app.advanceClock(1_000); // 4 s since the last input: the limit
    await expect(page.getByRole('button', { name: 'Разблокировать' })).toBeVisible();
  });
});
