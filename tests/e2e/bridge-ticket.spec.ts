import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';

// Item 10 in a real browser: the printed URL carries a one-time ticket. The page that used it keeps working across a
// reload (its resume secret in sessionStorage); the same URL opened again — as someone who read it in the process
// list would — opens nothing but the «link expired» screen, and the ticket never stays in the address bar.

test('the printed link opens one window once; that window survives a reload; the link opened again is refused', async ({ page, app, context }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Вход в систему' })).toBeVisible();
  expect(page.url()).not.toContain('ticket');
  await signInAs(page, 1);
  await expect(page.getByRole('link', { name: 'Журнал', exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Вход в систему' })).toBeVisible();

  const thief = await context.newPage();
  await thief.goto(app.url);
  await expect(thief.getByRole('heading', { name: 'Ссылка на приложение устарела' })).toBeVisible();
  await thief.close();
});
