import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';

// Exam morning at 08:40 in Kemerovo with today's internet package on no drive (issue 10, three levels of
// attention): the alarm — what is wrong, who fixes it, and the way to the screen where it is fixed — stands on
// every screen; the action leads to «Интернет-пакеты». Main's clock stands at 08:40 (--manual-clock); no sync, so
// RCOI's real clock raises no clock alarm beside it.

/** 08:40 in Kemerovo (UTC+7) on today's Kemerovo date: the demo's exam (Русский язык, 10:00) is today. */
function kemerovoAt0840(): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Novokuznetsk' }).format(new Date());
  return `${date}T01:40:00.000Z`;
}

const SCREENS = [
  ['home', 'Главная'],
  ['rooms', 'Аудитории'],
  ['participants', 'Участники'],
  ['staff', 'Работники'],
  ['bundles', 'Списки распределения'],
  ['packages', 'Интернет-пакеты'],
  ['journal', 'Журнал'],
  ['sync', 'Связь с РЦОИ'],
] as const;

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
];

async function expectPackageAlarm(page: Page, withAction: boolean): Promise<void> {
  const alarm = page.getByTestId('alarm-bar').locator('[data-kind="package_not_ready"]');
  await expect(alarm).toBeVisible();
  await expect(alarm).toContainText('Сегодня в 10:00 — Русский язык: интернет-пакет не готов');
  await expect(alarm.getByTestId('alarm-who')).toHaveText(
    'Технический специалист: скачайте пакет и запишите на основную и резервную флешки.',
  );
  const action = alarm.getByTestId('alarm-action');
  if (withAction) {
    await expect(action).toHaveText('Открыть «Интернет-пакеты»');
    await expect(action).toBeInViewport();
  } else await expect(action).toHaveCount(0);
}

test.describe('exam morning, 08:40, today’s package on no drive', () => {
  test.use({ appOptions: { clockStart: kemerovoAt0840(), manualClock: true, sync: false } });

  test('the alarm and its action stand on every screen; the action opens «Интернет-пакеты»', async ({ page, app }) => {
    await page.goto(app.url);
    await signInAs(page, 1);
    await expect(page.getByTestId('session-user')).toContainText('Руководитель ППЭ');
    await expect(page.getByTestId('clock')).toContainText('08:40');

    for (const [section, title] of SCREENS) {
      await page.getByRole('navigation').getByRole('link', { name: title, exact: true }).click();
      await expect(page.locator('#page-title')).toHaveText(title);
      await expectPackageAlarm(page, true);
      // The alarm is in a landmark of its own, and only once on the page.
      await expect(page.getByRole('region', { name: 'Что мешает экзамену' })).toHaveCount(1);
      await expect(page, `on ${section}`).toHaveURL(new RegExp(`#/${section}$`));
      // Nothing outside a landmark: the training stripe and the alarm bar are regions of their own (axe `region`).
      const axe = await new AxeBuilder({ page }).withRules(['region']).analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `on ${section}`).toEqual([]);
    }

    // The home screen: today's exam is the alarm above; the coming days' deadlines are a calm notice with dates,
    // and the notice never names today's exam.
    await page.getByRole('navigation').getByRole('link', { name: 'Главная', exact: true }).click();
    const notices = page.getByTestId('package-notices');
    await expect(notices).toBeVisible();
    await expect(notices).toContainText('Интернет-пакеты к ближайшим экзаменам');
    await expect(notices).not.toContainText('Русский язык');
    await expect(notices.locator('li').first()).toContainText(/\d{2}\.\d{2}/);

    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expectPackageAlarm(page, true);
      await page.screenshot({ path: `test-results/screens/${size.width}x${size.height}-exam-morning-home.png` });
    }

    // The one action: to the screen where the package is fixed.
    await page.getByTestId('alarm-action').click();
    await expect(page.locator('#page-title')).toHaveText('Интернет-пакеты');
    await expect(page).toHaveURL(/#\/packages$/);
    await expect(page.locator('[data-testid="packages-table"] tr').filter({ hasText: 'Русский язык' }).first()).toBeVisible();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: `test-results/screens/${size.width}x${size.height}-exam-morning-packages.png` });
    }
  });

  test('an organiser sees the same alarm and who must fix it, without a way into a screen they may not open', async ({ page, app }) => {
    await page.goto(app.url);
    await signInAs(page, 2);
    await expect(page.getByTestId('session-user')).toContainText('Организатор в аудитории');
    await expectPackageAlarm(page, false);
    await page.getByRole('navigation').getByRole('link', { name: 'Участники', exact: true }).click();
    await expect(page.locator('#page-title')).toHaveText('Участники');
    await expectPackageAlarm(page, false);
    await expect(page.getByTestId('package-notices')).toHaveCount(0);
  });
});

test.describe('the evening after: the finished exam says nothing', () => {
  // A day-long idle limit: the five hours moved at once must not lock the session on the way.
  test.use({ appOptions: { clockStart: kemerovoAt0840(), manualClock: true, sync: false, idleLockSeconds: 86_400 } });

  test('once the exam has ended its package alarm is gone from every screen and the packages list', async ({ page, app }) => {
    // The page's timers run on Playwright's clock: the minute re-read of the alarms comes when the test says.
    await page.clock.install();
    await page.goto(app.url);
    await signInAs(page, 1);
    await expectPackageAlarm(page, true);

    await app.advanceClock((4 * 60 + 55) * 60_000); // 13:35 in Kemerovo: the exam (10:00, 3 h 30 min) has ended
    await page.clock.fastForward('01:05'); // the alarms' minute re-read
    await expect(page.getByTestId('alarm-bar')).toHaveCount(0);
    await page.getByRole('navigation').getByRole('link', { name: 'Интернет-пакеты', exact: true }).click();
    await expect(page.locator('#page-title')).toHaveText('Интернет-пакеты');
    const table = page.getByTestId('packages-table');
    await expect(table.locator('tbody tr').first()).toBeVisible();
    const rows = table.locator('tbody tr');
    const dates = await Promise.all((await rows.all()).map((row) => row.getAttribute('data-exam-date')));
    expect(dates.length).toBeGreaterThan(0);
    const today = kemerovoAt0840().slice(0, 10);
    expect(dates.every((d) => d !== null && d > today)).toBe(true);
  });
});
