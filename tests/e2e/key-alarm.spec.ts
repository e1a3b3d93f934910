import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';
import { expectFits, screenshot, settled, SIZES, withProbes } from './screens';
import { loadDemoSigningKey } from '../rcoi-server/bundle-signer';
import { signedKeyFile } from '../support/exam-key-file';

// The key in «What needs attention» at the training HQ (issue 12): at 09:35 PPE time, with today's package downloaded
// and no key file held, the alarm bar says the key is not received, names the GEK member and leads to «Ключ к ЭМ».
// Once HQ holds the main key file the alarm is gone and the timeline's key step is done, naming who asked.

/** 09:35 in Kemerovo (UTC+7) on today's Kemerovo date: after RCOI's 09:30, before the demo exam's 10:00 start. */
function kemerovoAt0935(): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Novokuznetsk' }).format(new Date());
  return `${date}T02:35:00.000Z`;
}

test.use({ appOptions: { clockStart: kemerovoAt0935(), manualClock: true, sync: false, idleLockSeconds: 3600 } });

test('key not received at 09:35: the alarm leads to «Ключ к ЭМ»; the key file held silences it and does the key step', async ({ page, app }) => {
  test.setTimeout(120_000);
  const size = SIZES[0];
  await page.setViewportSize(size);
  await withProbes(page);
  await page.goto(app.url);
  await signInAs(page, 7);

  await page.getByRole('link', { name: 'Интернет-пакеты', exact: true }).click();
  await page.getByRole('button', { name: 'Проверить наличие в РЦОИ' }).click();
  const today = page.locator('[data-testid="packages-table"] tr[data-subject="1"]').first();
  await today.getByRole('button', { name: 'Скачать' }).click();
  await expect(today.getByTestId('package-state')).toHaveText('скачан, не записан', { timeout: 30_000 });

  const alarm = page.getByTestId('alarm-bar').locator('[data-kind="key_not_received"]');
  await expect(alarm).toContainText('Сегодня в 10:00 — Русский язык: ключ к ЭМ не получен.');
  await expect(alarm.getByTestId('alarm-who')).toHaveText('Член ГЭК: получите ключ своим токеном вместе с техническим специалистом.');
  await expect(alarm.getByTestId('alarm-action')).toHaveText('Открыть «Ключ к ЭМ»');
  await page.getByRole('link', { name: 'Главная', exact: true }).click();
  await settled(page);
  await expectFits(page, 'home with the key alarm');
  await screenshot(page, size, 'home-0935-key-alarm');
  await alarm.getByTestId('alarm-action').click();
  await expect(page.getByTestId('exam-keys-screen')).toBeVisible();

  // The main key file as HQ records it once RCOI released it, asked by the demo's first GEK member.
  const db = new Database(join(app.dataDir, 'ppe.sqlite'));
  let asker: string;
  try {
    const pkg = db
      .prepare<[], { packageId: string; date: string }>(
        `SELECT p.package_id AS packageId, e.exam_date AS date FROM internet_package p JOIN exam e ON e.id = p.exam_id
         WHERE p.state = 'downloaded' AND e.subject_code = 1`,
      )
      .get()!;
    const gek = db
      .prepare<[], { id: string; lastName: string }>('SELECT external_id AS id, last_name AS lastName FROM staff WHERE role_code = 5 ORDER BY id LIMIT 1')
      .get()!;
    asker = gek.lastName;
    const exam = { date: pkg.date, subjectCode: 1, form: 'EGE' as const, dayKind: 'main' as const };
    const main = signedKeyFile(loadDemoSigningKey(), { packageId: pkg.packageId, exam, requestedBy: { staffId: gek.id, tokenKey: 'a'.repeat(64) } });
    db.prepare(
      `INSERT INTO exam_key (key_id, package_id, kind, sequence, exam_date, subject_code, envelope, envelope_sha256, issued_at, requested_by, source, received_at)
       VALUES (?, ?, 'main', 0, ?, 1, ?, ?, ?, ?, 'rcoi', ?)`,
    ).run(main.payload.keyId, pkg.packageId, pkg.date, main.text, 'c'.repeat(64), main.payload.issuedAt, gek.id, kemerovoAt0935());
  } finally {
    db.close();
  }
  // Written behind the app's back: a reload (and signing in again) re-reads what the key service's act announces.
  await page.reload();
  await signInAs(page, 7);
  await page.getByRole('link', { name: 'Главная', exact: true }).click();
  await expect(page.getByTestId('alarm-bar').locator('[data-kind="key_not_received"]')).toHaveCount(0);
  const step = page.locator('li[data-key="key_release"]');
  await expect(step).toHaveAttribute('data-progress', 'confirmed');
  await expect(step).toContainText(asker);
  await settled(page);
  await screenshot(page, size, 'home-0935-key-received');
});
