import Database from 'better-sqlite3';
import { join } from 'node:path';
import { entryHash, type JournalRow } from '../../main/journal/journal-entry';
import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';

// Issue 11, item 4: «Подписать журнал сейчас», then a journal rewritten behind the app's back with its whole chain
// recomputed: the chain check alone would pass, the signed anchor names the entry.

test.use({ viewport: { width: 1366, height: 768 } });

test('the journal signed now, then rewritten with its chain recomputed: «Журнал переписан: запись №… не совпадает с подписанной …»', async ({ page, app }) => {
  await page.goto(app.url);
  await signInAs(page, 1);
  await page.getByRole('link', { name: 'Журнал', exact: true }).click();
  const status = page.getByTestId('journal-status');
  await expect(status).toHaveAttribute('data-state', 'ok');

  await page.getByRole('button', { name: 'Подписать журнал сейчас' }).click();
  await expect(page.getByTestId('journal-anchored')).toContainText('Журнал подписан ключом станции: запись №');
  await expect(page.getByTestId('journal-anchors')).toContainText('Подписи журнала сходятся: проверено 1');
  await expect(page.getByTestId('journal-table')).toContainText('Журнал подписан ключом станции');
  await page.screenshot({ path: 'test-results/screens/1366x768-journal-anchored-ok.png' });

  // What someone with the sqlite3 tool could do: rewrite entry 2 and recompute every hash after it, keeping the
  // anchor's own journal entry consistent. The chain holds again.
  const db = new Database(join(app.dataDir, 'ppe.sqlite'));
  const anchoredSeq = db.prepare<[], { seq: number }>("SELECT seq FROM journal_anchor WHERE origin = 'own'").get()!.seq;
  db.exec('DROP TRIGGER journal_is_append_only_update');
  db.transaction(() => {
    const rows = db.prepare<[], JournalRow>('SELECT * FROM journal WHERE seq >= 2 ORDER BY seq').all();
    let prev = db.prepare<[], { hash: string }>('SELECT hash FROM journal WHERE seq = 1').get()!.hash;
    const newHash = new Map<number, string>();
    for (const r of rows) {
      const payload = JSON.parse(r.payload) as Record<string, unknown>;
      let actorName = r.actor_name;
      if (r.seq === 2) actorName = 'Кто-то другой';
      if (r.action === 'journal.anchored') payload.entryHash = newHash.get(r.seq - 1) ?? payload.entryHash;
      const row = { ...r, actor_name: actorName, payload: JSON.stringify(payload), prev_hash: prev };
      row.hash = entryHash(row);
      db.prepare('UPDATE journal SET actor_name = ?, payload = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(row.actor_name, row.payload, row.prev_hash, row.hash, r.seq);
      newHash.set(r.seq, row.hash);
      prev = row.hash;
    }
  })();
  db.close();

  await page.getByRole('button', { name: 'Проверить целостность' }).click();
  await expect(status).toHaveAttribute('data-state', 'broken');
  await expect(status).toContainText(`Журнал переписан: запись №${anchoredSeq} не совпадает с подписанной`);
  await expect(status).toContainText('Сообщите в РЦОИ и члену ГЭК');
  await page.screenshot({ path: 'test-results/screens/1366x768-journal-anchor-rewritten.png' });
});
