import { expect, test } from './fixtures';
import { demo, fullName, staffWithRole } from './demo-data';
import { signInAs } from './fixtures-page';

// Issue 10, item 7 (b) and (c): «Аудиторий: N» counts exam rooms, not the headquarters; «Работники» on an exam day
// starts on today's duty, so the room column says where each person works today (and «все работники» stays a choice).

test.use({ appOptions: { sync: false } });

test('the rooms count leaves out the headquarters, and the staff list opens on today’s duty', async ({ page, app }) => {
  await page.goto(app.url);
  await signInAs(page, 1);

  await page.getByRole('link', { name: 'Аудитории', exact: true }).click();
  const table = page.getByTestId('rooms-table');
  await expect(table).toContainText('штаб');
  const examRooms = new Set(demo.exams.find((e) => e.dayOffset === 0)!.seating.map((s) => s.auditoriumCode)).size;
  await expect(page.locator('.summary')).toContainText(`Аудиторий: ${examRooms},`);

  await page.getByRole('link', { name: 'Работники', exact: true }).click();
  await expect(page.getByLabel('Назначения', { exact: true }).locator('option:checked')).toContainText('сегодня');
  const organiser = staffWithRole(2);
  const line = page.getByTestId('staff-table').locator('tr', { hasText: fullName(organiser) });
  await expect(line.locator('td.mono')).toHaveText(/^\d{4}$/);

  // «Все работники ППЭ» is the person's own choice and stays.
  await page.getByLabel('Назначения', { exact: true }).selectOption({ label: 'Все работники ППЭ' });
  await expect(line.locator('td.mono')).toHaveText('—');
});
