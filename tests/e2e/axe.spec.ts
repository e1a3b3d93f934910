import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { fullName, staffWithRole } from './demo-data';
import { signInAs } from './fixtures-page';
import { offeredSections, openSection, settled } from './screens';

// Issue 10, item 8: axe-core on every screen a person meets — sign-in, the PIN form, the lock screen, the station not
// set up, every section for the PPE head and for the technical specialist, and the exam morning with its alarms —
// with zero violations of any impact (it once found a `region` violation on every screen and a serious
// `scrollable-region-focusable` on the home screen's rooms table).

async function expectNoViolations(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const found = result.violations.map(
    (v) => `${v.id} (${v.impact ?? 'unknown'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  // Soft: one run names every screen with a violation, not only the first.
  expect.soft(found, `${where}: axe finds no violations`).toEqual([]);
}

test('sign-in, the PIN form, every section of the PPE head, and the lock screen', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Вход в систему' })).toBeVisible();
  await expectNoViolations(page, 'sign-in');
  await page.getByRole('button', { name: fullName(staffWithRole(1)) }).click();
  await expect(page.getByLabel('PIN', { exact: true })).toBeVisible();
  await expectNoViolations(page, 'sign-in with a person chosen');

  await signInAs(page, 1);
  for (const section of await offeredSections(page)) {
    await openSection(page, section);
    await expectNoViolations(page, `PPE head, ${section.key}`);
  }
  await page.getByRole('button', { name: 'Заблокировать' }).click();
  await expect(page.getByRole('button', { name: 'Разблокировать' })).toBeVisible();
  await expectNoViolations(page, 'lock screen');
});

test('every section of the technical specialist, the packages list asked of RCOI', async ({ page, app }) => {
  await page.goto(app.url);
  await signInAs(page, 7);
  const sections = await offeredSections(page);
  for (const section of sections) {
    await openSection(page, section);
    if (section.key === 'packages') {
      await page.getByRole('button', { name: 'Проверить наличие в РЦОИ' }).click();
      await expect(page.locator('[data-testid="packages-table"] tr[data-subject="12"]').getByTestId('package-state')).toHaveText('можно скачать');
      await settled(page);
    }
    await expectNoViolations(page, `technical specialist, ${section.key}`);
  }
});

test.describe('a station not set up', () => {
  test.use({ appOptions: { notSetUp: true, sync: false } });

  test('its screen and the training dialog', async ({ page, app }) => {
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: 'Станция не настроена' })).toBeVisible();
    await expectNoViolations(page, 'not set up');
    await page.getByRole('button', { name: 'Учебный режим', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Включить учебный режим?' })).toBeVisible();
    await expectNoViolations(page, 'the training-mode dialog');
  });
});

test.describe('exam morning with the clock off RCOI’s', () => {
  // Sync on against the real-time RCOI server: the app at 08:40 raises the clock alarm beside the package alarm.
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Novokuznetsk' }).format(new Date());
  test.use({ appOptions: { clockStart: `${date}T01:40:00.000Z` } });

  test('the home screen with its alarms', async ({ page, app }) => {
    await page.goto(app.url);
    await signInAs(page, 1);
    await expect(page.locator('[data-testid="alarm"], [data-testid="clock-alarm"]').first()).toBeVisible({ timeout: 20_000 });
    await settled(page);
    await expectNoViolations(page, 'home on exam morning with alarms');
  });
});
