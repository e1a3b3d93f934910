import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';

test('the journal shows an intact chain, then names the entry someone edited behind the app’s back', async ({ page, app }) => {
  await page.goto(app.url);
  await signInAs(page, 1);
  await page.getByRole('link', { name: 'Журнал', exact: true }).click();
  const status = page.getByTestId('journal-status');
  await expect(status).toHaveAttribute('data-state', 'ok');
  await expect(status).toContainText('Цепочка цела');
  await expect(page.getByTestId('journal-table')).toContainText('Вход в систему');

  // What someone with the sqlite3 tool could do to the file while the app runs.
  const db = new Database(join(app.dataDir, 'ppe.sqlite'));
  db.exec('DROP TRIGGER journal_is_append_only_update');
  db.prepare("UPDATE journal SET actor_name = 'Кто-то другой' WHERE seq = 2").run();
  db.close();

  await page.getByRole('button', { name: 'Проверить целостность' }).click();
  await expect(status).toHaveAttribute('data-state', 'broken');
  await expect(status).toContainText('Нарушена целостность журнала: запись №2 изменена');
  await expect(status).toContainText('Сообщите в РЦОИ и члену ГЭК');
});
