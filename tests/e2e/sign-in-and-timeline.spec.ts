import { expect, test } from './fixtures';
import { fullName, staffWithRole } from './demo-data';
import { signInAs } from './fixtures-page';

/** 08:00 in Kemerovo (UTC+7) on today's Kemerovo date: exam morning, whatever the hour the tests run at. */
function kemerovoMorning(): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Novokuznetsk' }).format(new Date());
  return `${date}T01:00:00.000Z`;
}

test.describe('on exam morning', () => {
  // Without sync: RCOI's clock is the real one, and the shifted app would rightly raise a clock alarm.
  test.use({ appOptions: { clockStart: kemerovoMorning(), sync: false } });

  test('a wrong PIN is refused; the right one opens today’s timeline in the PPE’s time', async ({ page, app }) => {
    await page.goto(app.url);
    await expect(page.getByTestId('training-banner')).toBeVisible();
    const head = staffWithRole(1);
    await page.getByRole('button', { name: fullName(head) }).click();
    await page.getByLabel('PIN', { exact: true }).fill('0000');
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('Неверный PIN. Осталось попыток: 4');
    await expect(page.getByTestId('session-user')).toHaveCount(0);

    await page.getByLabel('PIN', { exact: true }).fill('1111');
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await expect(page.getByTestId('session-user')).toContainText(head.lastName);
    await expect(page.getByTestId('session-user')).toContainText('Руководитель ППЭ');

    // The demo always has an exam today (Russian, 10:00, 3 h 30 min); room 0103 holds the participants with
    // special conditions and ends 1.5 h later. Times are the PPE's (Kemerovo), whatever the browser's zone.
    await expect(page.getByTestId('exam-card')).toContainText('Русский язык');
    await expect(page.getByTestId('next-item')).toContainText('Далее');
    const timeline = page.locator('li[data-key="exam_start"]');
    await expect(timeline).toContainText('10:00–13:30');
    const rooms = page.getByTestId('home-rooms');
    await expect(rooms.getByRole('row', { name: /0101/ })).toContainText('13:30');
    await expect(rooms.getByRole('row', { name: /0103/ })).toContainText('15:00');
    await expect(page.locator('li[data-key="room_end"]')).toContainText('0103');
  });
});

test.describe('with a 3-second idle lock', () => {
  // Main's clock moves only when the test says so (main/bridge/manual-clock.ts): the idle time passes at once.
  test.use({ appOptions: { idleLockSeconds: 3, manualClock: true } });

  test('an idle session locks itself and the same person unlocks it with the PIN', async ({ page, app }) => {
  await page.goto(app.url);
  await signInAs(page, 7);
  await expect(page.getByTestId('session-user')).toBeVisible();
  await app.advanceClock(3_000);
  await expect(page.getByRole('button', { name: 'Разблокировать' })).toBeVisible();
  await expect(page.getByTestId('locked-user')).toContainText(staffWithRole(7).lastName);
  await page.getByLabel('PIN', { exact: true }).fill('7777');
  await page.getByRole('button', { name: 'Разблокировать' }).click();
  await expect(page.getByRole('heading', { name: 'Главная' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Разблокировать' })).toHaveCount(0);
});
});
