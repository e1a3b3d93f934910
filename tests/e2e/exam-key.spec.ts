import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';
import { expectFits, screenshot, settled, withProbes } from './screens';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { signedKeyFile } from '../support/exam-key-file';

// «Ключ к ЭМ» at the training HQ (issue 12, item 2): the technical specialist downloads today's package and registers
// a training token to a GEK member; the screen says the key is not received and when it opens (PPE time); the member
// asks with the token — the demo RCOI has no token registered for this PPE and refuses in words, beside the button.
// The release itself (RCOI's 09:30 by its own clock, a token RCOI knows) is exam-morning-print.spec.ts's, against a
// real PPE; here the held state is drawn from key files signed with the demo key and stored as HQ stores them, to
// check the screen at its widest: the main key, a reserve key, the rooms and «Получить повторно».

test('the key screen: not received, a refusal in words, then the held keys and the room stations', async ({ page, app }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await withProbes(page);
  await page.goto(app.url);
  await signInAs(page, 7);

  // Today's package downloaded (the exam of today in the demo: Русский язык).
  await page.getByRole('link', { name: 'Интернет-пакеты', exact: true }).click();
  await page.getByRole('button', { name: 'Проверить наличие в РЦОИ' }).click();
  const today = page.locator('[data-testid="packages-table"] tr[data-subject="1"]').first();
  await today.getByRole('button', { name: 'Скачать' }).click();
  await expect(today.getByTestId('package-state')).toHaveText('скачан, не записан', { timeout: 30_000 });

  // A training token registered to a GEK member, the PPE head confirming.
  await page.getByRole('link', { name: 'Токены ГЭК', exact: true }).click();
  await settled(page);
  const enrol = page.getByTestId('tokens-enrol');
  await enrol.getByLabel('Член ГЭК', { exact: true }).selectOption({ index: 1 });
  const member = (await enrol.getByLabel('Член ГЭК', { exact: true }).locator('option:checked').textContent())!.trim();
  await enrol.getByLabel('Токен', { exact: true }).selectOption({ value: 'SIM-0001' });
  await enrol.getByTestId('tokens-enrol-pin').fill('123456');
  await enrol.getByLabel('Руководитель ППЭ', { exact: true }).selectOption({ index: 1 });
  await enrol.getByLabel('PIN руководителя ППЭ').fill('1111');
  await enrol.getByRole('button', { name: 'Зарегистрировать токен' }).click();
  await expect(enrol).toContainText('Токен № SIM-0001 закреплён.');

  await page.getByRole('link', { name: 'Ключ к ЭМ', exact: true }).click();
  await settled(page);
  const panel = page.getByTestId('exam-key-panel');
  await expect(panel).toHaveAttribute('data-state', 'none');
  await expect(panel.getByTestId('exam-keys-waiting')).toContainText('Ключ не получен');
  await expect(page.getByTestId('exam-keys-screen')).toContainText('PIN учебного токена: 123456');
  const ask = panel.getByTestId('exam-keys-request');
  await ask.getByLabel('Член ГЭК').selectOption({ label: member });
  await ask.getByLabel('Пароль токена').fill('123456');
  await ask.getByRole('button', { name: 'Получить ключ' }).click();
  // RCOI knows no token of this member for this PPE and date: its refusal, in words, where the button was pressed.
  const refusal = ask.getByTestId('action-error');
  await expect(refusal).toHaveAttribute('data-code', 'EXAM_KEY_NOT_REGISTERED', { timeout: 30_000 });
  await expect(refusal).toContainText('Член ГЭК не зарегистрирован в РЦОИ для этого ППЭ на эту дату');
  await expect(ask.getByLabel('Пароль токена')).toHaveValue('');
  await expectFits(page, 'exam key, refused');
  await screenshot(page, { width: 1366, height: 768 }, 'exam-key-refused');

  // The key files HQ would hold after RCOI released them: the main key and a reserve key for room 0101.
  const db = new Database(join(app.dataDir, 'ppe.sqlite'));
  try {
    const pkg = db
      .prepare<[], { packageId: string; date: string; subjectCode: number }>(
        `SELECT p.package_id AS packageId, e.exam_date AS date, e.subject_code AS subjectCode FROM internet_package p
         JOIN exam e ON e.id = p.exam_id WHERE p.state = 'downloaded' AND e.subject_code = 1`,
      )
      .get()!;
    const rcoiId = db.prepare<[], { id: string }>("SELECT external_id AS id FROM staff WHERE role_code = 5 ORDER BY id LIMIT 1").get()!.id;
    const exam = { date: pkg.date, subjectCode: pkg.subjectCode, form: 'EGE' as const, dayKind: 'main' as const };
    const main = signedKeyFile(loadDemoSigningKey(), { packageId: pkg.packageId, exam, requestedBy: { staffId: rcoiId, tokenKey: 'a'.repeat(64) } });
    const grant = { sequence: 1, roomCode: '0101', stationNumber: '100101', kits: 2, kitIndices: [40, 41], grantedAt: new Date().toISOString() };
    const reserve = signedKeyFile(loadDemoSigningKey(), { packageId: pkg.packageId, exam, kind: 'reserve', sequence: 1, reserve: [grant] });
    const insert = db.prepare(
      `INSERT INTO exam_key (key_id, package_id, kind, sequence, exam_date, subject_code, envelope, envelope_sha256, issued_at, requested_by, source, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'rcoi', ?)`,
    );
    for (const k of [main, reserve]) {
      const at = new Date().toISOString();
      insert.run(k.payload.keyId, pkg.packageId, k.payload.kind, k.payload.sequence, pkg.date, pkg.subjectCode, k.text, 'f'.repeat(64), at, k.payload.requestedBy.staffId, at);
    }
  } finally {
    db.close();
  }
  await page.getByRole('button', { name: 'Обновить' }).click();
  await expect(panel).toHaveAttribute('data-state', 'held');
  await expect(panel.getByTestId('exam-keys-main')).toContainText(/Ключ получен \d\d:\d\d, запишите его на флешку для переноса/);
  await expect(panel.getByTestId('exam-key-rooms')).toContainText('Аудитория 0101');
  await expect(panel.getByTestId('exam-key-rooms')).toContainText('ключ ещё не записан на флешку');
  const held = panel.getByTestId('exam-key-held');
  await expect(held.locator('li')).toHaveCount(2);
  await expect(held.locator('li[data-kind="reserve"]')).toContainText('Резервный № 1: аудитория 0101, станция 100101, комплектов 2');
  await expect(held.getByRole('button', { name: 'Получить повторно' })).toHaveCount(2);
  await expect(panel.getByTestId('exam-key-reserve')).toContainText('Предмет: Русский язык.');
  await expectFits(page, 'exam key, held');
  await screenshot(page, { width: 1366, height: 768 }, 'exam-key-held');
  await page.setViewportSize({ width: 1280, height: 720 });
  await expectFits(page, 'exam key, held, 1280');
  // Below the fold: the reserve form and the keys held.
  await held.evaluate((el) => (el as unknown as { scrollIntoView(o: { block: string }): void }).scrollIntoView({ block: 'end' }));
  await screenshot(page, { width: 1280, height: 720 }, 'exam-key-held-list');

  // The refusal is in the journal, in words.
  await page.getByRole('link', { name: 'Журнал', exact: true }).click();
  await expect(page.getByTestId('journal-table')).toContainText('Ключ к ЭМ не выдан');
});
