import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';
import { downloadDemoPackage, plugInDrivesWithRoles } from './packages-steps';
import { expectFits, offeredSections, openSection, screenshot, settled, SIZES, sizeName, withProbes } from './screens';

// Issue 10, item 5: the school laptop. At 1366×768 and 1280×720 no table, no page area and no header scrolls
// sideways, and every button is whole: reachable by scrolling down (as a person does), never cut by a box that scrolls
// sideways (the package table once showed «⛁ Записать на основ»). Screenshots of every screen go to
// test-results/screens/<W>x<H>-<screen>.png for the closing note.

/** The alarms under the header and the lock form: they must be read whole, like the buttons. */
const READABLE = '[data-testid="alarm-bar"], [data-testid="alarm"], [data-testid="clock-alarm"], .lock__panel';

/** 08:40 in Kemerovo (UTC+7) on today's Kemerovo date — or 07:40 if the real clock is near 08:40 there now, so
 * that the app's clock is always well off RCOI's (the RCOI server keeps real time) and the clock alarm shows. */
function examMorningOffRealTime(): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Novokuznetsk' }).format(new Date());
  const morning = new Date(`${date}T01:40:00.000Z`);
  return Math.abs(morning.getTime() - Date.now()) < 30 * 60_000 ? `${date}T00:40:00.000Z` : morning.toISOString();
}

for (const size of SIZES) {
  test.describe(`at ${sizeName(size)}`, () => {
    test.use({ viewport: size });

    test('the sign-in screen, every screen of the PPE head, and the lock screen fit the window', async ({ page, app }) => {
      await withProbes(page);
      await page.goto(app.url);
      await expect(page.getByRole('heading', { name: 'Вход в систему' })).toBeVisible();
      await expectFits(page, 'sign-in');
      await screenshot(page, size, 'signin');
      await signInAs(page, 1);
      const sections = await offeredSections(page);
      expect(sections.map((s) => s.key)).toEqual(['home', 'rooms', 'participants', 'staff', 'bundles', 'packages', 'journal', 'sync', 'transfer', 'tokens', 'examKeys', 'stations']);
      for (const section of sections) {
        await openSection(page, section);
        await expectFits(page, `PPE head, ${section.key}`, READABLE);
        await screenshot(page, size, `head-${section.key}`);
        if (section.key === 'home') {
          // Below the fold: today's rooms, whose «продлено (особые условия)» once pushed the table sideways.
          await page.getByTestId('home-rooms').scrollIntoViewIfNeeded();
          await screenshot(page, size, 'head-home-rooms');
        }
      }
      // The lock screen: the form to unlock is whole without sideways scrolling.
      await page.getByRole('button', { name: 'Заблокировать' }).click();
      await expect(page.getByRole('button', { name: 'Разблокировать' })).toBeVisible();
      await expectFits(page, 'lock screen', READABLE);
      await screenshot(page, size, 'lock');
    });

    test('every screen of the technical specialist fits, the packages screen with a package ready to write and after', async ({ page, app }) => {
      test.setTimeout(120_000);
      await withProbes(page);
      await page.goto(app.url);
      await signInAs(page, 7);
      const sections = await offeredSections(page);
      expect(sections.map((s) => s.key)).toContain('packages');
      for (const section of sections) {
        await openSection(page, section);
        await expectFits(page, `technical specialist, ${section.key}`, READABLE);
        await screenshot(page, size, `tech-${section.key}`);
      }

      // The packages screen at its widest: a downloaded package, both drives with roles, the write button in the row.
      await openSection(page, sections.find((s) => s.key === 'packages')!);
      const row = await downloadDemoPackage(page);
      await plugInDrivesWithRoles(page, app.dataDir);
      const write = row.getByRole('button', { name: /^Записать/ });
      await expect(write).toBeEnabled();
      await settled(page);
      await expectFits(page, 'packages, ready to write', READABLE);
      await screenshot(page, size, 'tech-packages-ready');

      await write.click();
      await expect(row.getByTestId('package-state')).toHaveText('записан и проверен', { timeout: 30_000 });
      await settled(page);
      await expectFits(page, 'packages, written', READABLE);
      await screenshot(page, size, 'tech-packages-written');
    });
  });
}

test.describe('a station not set up', () => {
  test.use({ appOptions: { notSetUp: true, sync: false } });

  for (const size of SIZES) {
    test(`its screen fits ${sizeName(size)}`, async ({ page, app }) => {
      await page.setViewportSize(size);
      await withProbes(page);
      await page.goto(app.url);
      await expect(page.getByRole('heading', { name: 'Станция не настроена' })).toBeVisible();
      await expectFits(page, 'not set up');
      await screenshot(page, size, 'not-set-up');
    });
  }
});

test.describe('exam morning with the clock off RCOI’s', () => {
  // Sync on: RCOI's clock is the real one, so the shifted app raises its clock alarm — which must stay readable.
  test.use({ appOptions: { clockStart: examMorningOffRealTime() } });

  for (const size of SIZES) {
    test(`the alarms under the header are whole at ${sizeName(size)}`, async ({ page, app }) => {
      await page.setViewportSize(size);
      await withProbes(page);
      await page.goto(app.url);
      await signInAs(page, 1);
      const clockAlarm = page.locator('[data-testid="alarm"][data-kind="clock_skew"], [data-testid="clock-alarm"]');
      await expect(clockAlarm.first()).toBeVisible({ timeout: 20_000 });
      await settled(page);
      await expectFits(page, 'home with the alarms', READABLE);
      await screenshot(page, size, 'alarms-home');
      const sections = await offeredSections(page);
      await openSection(page, sections.find((s) => s.key === 'sync')!);
      await expectFits(page, 'RCOI link with the alarms', READABLE);
      await screenshot(page, size, 'alarms-sync');
    });
  }
});
