import { expect, test } from './fixtures';
import { staffWithRole } from './demo-data';
import { signInAs } from './fixtures-page';

// Passed is not done (issue 10, item 2): at 08:40 on exam morning «Приём ЭМ от члена ГЭК» (due by 07:30) reads as
// not confirmed, with who must confirm it, until the PPE head confirms it; then it reads who and when, with ✓.

/** hh:mm in Kemerovo (UTC+7) on today's Kemerovo date, whatever the hour the tests run at. */
function kemerovoToday(hhmm: string): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Novokuznetsk' }).format(new Date());
  return new Date(`${date}T${hhmm}:00.000+07:00`).toISOString();
}

test.describe('at 08:40 on exam morning', () => {
  // Without sync: RCOI's clock is the real one, and the shifted app would rightly raise a clock alarm.
  test.use({ appOptions: { clockStart: kemerovoToday('08:40'), sync: false }, viewport: { width: 1366, height: 768 } });

  test('the handover is not confirmed (no ✓) until the PPE head confirms it; then it names who and when', async ({ page, app }) => {
    await page.goto(app.url);
    const head = staffWithRole(1);
    await signInAs(page, 1);
    await expect(page.getByTestId('session-user')).toContainText(head.lastName);

    const handover = page.locator('li[data-key="materials_handover"]');
    await expect(handover).toHaveAttribute('data-progress', 'overdue');
    await expect(handover).toContainText('Не подтверждено — подтверждает руководитель ППЭ');
    await expect(handover.locator('.timeline__marker')).not.toHaveText('✓');
    await expect(handover).not.toContainText('Прошло');
    // The step is flagged above the timeline too, never counted as done.
    await expect(page.getByTestId('unconfirmed-step').first()).toContainText('Не подтверждено: Приём ЭМ от члена ГЭК');
    // The briefing (08:15) has begun: it awaits the head's confirmation; the key (09:30) cannot be confirmed yet.
    await expect(page.locator('li[data-key="staff_briefing"]')).toContainText('Ждёт подтверждения');
    await expect(page.locator('li[data-key="key_release"]').getByRole('button')).toHaveCount(0);
    // At 1366 px the long state words («Ждёт подтверждения») stay inside the list.
    const list = (await page.locator('.timeline').boundingBox())!;
    for (const state of await page.locator('.timeline__state').all()) {
      const box = (await state.boundingBox())!;
      expect(box.x + box.width, await state.innerText()).toBeLessThanOrEqual(list.x + list.width);
    }
    await page.screenshot({ path: 'test-results/screens/1366x768-home-0840-handover-not-confirmed.png' });
    await page.locator('.timeline').screenshot({ path: 'test-results/screens/1366x768-home-0840-timeline-not-confirmed.png' });

    await handover.getByRole('button', { name: /^Подтвердить: Приём ЭМ от члена ГЭК/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Подтвердить шаг' });
    await expect(dialog).toContainText('Подтвердить, что выполнено: «Приём ЭМ от члена ГЭК');
    await expect(dialog).toContainText(head.lastName);
    await dialog.getByRole('button', { name: 'Подтвердить', exact: true }).click();
    await expect(dialog).toHaveCount(0);

    await expect(handover).toHaveAttribute('data-progress', 'confirmed');
    await expect(handover.locator('.timeline__marker')).toHaveText('✓');
    const initials = `${head.firstName[0]}.\\s${head.middleName[0]}.`;
    await expect(handover.getByTestId('step-confirmation')).toHaveText(new RegExp(`^Подтверждено: ${head.lastName}\\s${initials}, 08:4\\d$`));
    await expect(handover.getByRole('button')).toHaveCount(0);
    await page.locator('.timeline').screenshot({ path: 'test-results/screens/1366x768-home-0840-timeline-confirmed.png' });

    // Journaled in the head's name.
    await page.getByRole('link', { name: 'Журнал', exact: true }).click();
    const row = page.getByTestId('journal-table').getByRole('row', { name: /Подтверждён шаг дня экзамена/ });
    await expect(row).toContainText('Приём ЭМ от члена ГЭК');
    await expect(row).toContainText(head.lastName);
  });
});

test.describe('at 10:05 on exam day', () => {
  test.use({ appOptions: { clockStart: kemerovoToday('10:05'), sync: false }, viewport: { width: 1366, height: 768 } });

  test('a clock step that passed reads «Прошло» without ✓; an organiser sees no confirm button', async ({ page, app }) => {
    await page.goto(app.url);
    await signInAs(page, 2);
    const entrance = page.locator('li[data-key="entrance_opens"]');
    await expect(entrance).toHaveAttribute('data-progress', 'passed');
    await expect(entrance).toContainText('Прошло');
    await expect(entrance.locator('.timeline__marker')).not.toHaveText('✓');
    const key = page.locator('li[data-key="key_release"]');
    await expect(key).toHaveAttribute('data-progress', 'overdue');
    await expect(key).toContainText('Не подтверждено — подтверждает член ГЭК или руководитель ППЭ');
    await expect(page.locator('.timeline').getByRole('button')).toHaveCount(0);
    await page.locator('.timeline').screenshot({ path: 'test-results/screens/1366x768-home-1005-organiser-timeline.png' });
  });
});
