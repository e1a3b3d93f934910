import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';
import { downloadDemoPackage } from './packages-steps';

// Issue 10, item 4: an error after a click appears where the person acted — beside the control, inside the visible
// area, announced (role=alert) and holding the focus — and the page keeps the person's place. At 1366×768, the
// school laptop; the package comes from the reference RCOI server as in internet-packages.spec.ts.

test.use({ viewport: { width: 1366, height: 768 } });

test('«Записать» with no drive roles: the error is beside the button, in view, announced and focused', async ({ page, app }) => {
  test.setTimeout(90_000);
  await page.goto(app.url);
  await signInAs(page, 7);
  await page.getByRole('link', { name: 'Интернет-пакеты', exact: true }).click();
  const row = await downloadDemoPackage(page);

  // No drive has a role. The person has scrolled down so that the row sits high on the screen: where the old page-wide
  // error slot (above the table) was out of sight, 190 px above the visible area.
  const write = row.getByRole('button', { name: 'Записать на основной и резервный' });
  await write.scrollIntoViewIfNeeded();
  const shown = (await write.boundingBox())!;
  await page.mouse.move(683, 500);
  await page.mouse.wheel(0, shown.y - 130);
  await expect.poll(async () => Math.round((await write.boundingBox())!.y)).toBeLessThan(200);
  const before = (await write.boundingBox())!;
  expect(before.y).toBeGreaterThanOrEqual(0);
  const tableHead = (await page.getByTestId('packages-table').locator('thead').boundingBox())!;
  expect(tableHead.y + tableHead.height).toBeLessThan(before.y + 1);
  await write.click();

  const error = page.getByTestId('package-action-error').getByTestId('action-error');
  await expect(error).toBeVisible();
  await expect(error.getByRole('alert')).toContainText('Не назначен флеш-накопитель «основной»');
  await expect(error).toHaveAttribute('data-code', 'DRIVE_ROLE_UNASSIGNED');

  // Focus is on the error (or inside it), not lost to the page.
  await expect(error).toBeFocused();

  // Fully inside the viewport; and right under the row whose button was pressed.
  const box = (await error.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(768);
  const rowBox = (await row.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(rowBox.y + rowBox.height - 1);
  expect(box.y - (rowBox.y + rowBox.height)).toBeLessThan(40);
  // The person's place is kept: the button they pressed is still on screen above its error.
  const after = (await write.boundingBox())!;
  expect(after.y).toBeGreaterThanOrEqual(0);
  expect(after.y + after.height).toBeLessThanOrEqual(box.y);

  await page.screenshot({ path: 'test-results/screens/1366x768-packages-write-error.png' });

  // The page-wide slot stays empty: the error is said once, where it belongs.
  await expect(page.getByTestId('action-error')).toHaveCount(1);

  // Assigning a role after the error: the error goes away with the next action.
  await page.getByTestId('training-drive-main').click();
  await page.getByLabel('Роль накопителя MAIN').selectOption('main');
  await expect(page.getByTestId('action-error')).toHaveCount(0);
});
