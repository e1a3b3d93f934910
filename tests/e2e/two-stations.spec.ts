import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, realPpeTest as test } from './two-stations';
import { fullName } from './demo-data';
import { signInAs } from './fixtures-page';
import { buildDemoBundle, loadDemoDataset, localDateIn } from '../rcoi-server/demo-bundles';
import { demoPpeConfig } from '../rcoi-server/ppe-configs';

// Issue 11, item 7, end to end in the browser shell: two app instances, each its own data folder and nothing set
// up, an HQ station and a room station sharing one folder-backed transfer drive; everything through the screens.
// HQ is set up by a one-time code against a real (non-demo) reference RCOI over HTTPS, its distribution bundle
// arrives through the feed; the technical specialist marks the shared drive for transfer and prepares room 0101's
// station under a new number; the room station, with no network, is set up from the drive (both screens show the
// same fingerprints); HQ takes its reply and pins it; HQ writes the room's data for today's exam; the room station
// takes it and its rooms screen names the room's organisers from the bundle. Last, the room writes its journal for
// HQ, and its signed anchors go on the drive with it.

const dataset = loadDemoDataset();
const technician = dataset.staff.find((s) => s.roleCode === 7)!;
const examToday = dataset.exams.find((e) => e.dayOffset === 0)!;
// An organiser of room 0101 on today's exam: a person RCOI names in the bundle only (not permanent staff).
const organiser = dataset.staff[examToday.staffAssignments.find((a) => a.auditoriumCode === '0101' && a.roleCode === 2)!.staff]!;
const ROOM_STATION = '041211';
const PIN = '2468';
const SHOTS = 'test-results/screens';

async function shot(page: Page, step: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/two-stations-${step}.png` });
}

/** Opens a section from the navigation and waits until it is drawn. */
async function open(page: Page, link: string): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('heading', { name: link, level: 1 })).toBeVisible();
}

test('HQ set up by code, a room station set up from the transfer drive, the room data delivered', async ({ stations, realRcoi }) => {
  test.setTimeout(180_000);
  const { hq, room } = stations;

  // RCOI: the demo PPE registered (what an HQ station receives at set-up), today's exam's bundle published to its
  // feed, and a one-time enrolment code.
  const today = localDateIn(dataset.ppe.timeZone);
  await realRcoi.admin('/admin/ppe-configs', demoPpeConfig(dataset, today));
  await realRcoi.admin('/admin/publish', buildDemoBundle(dataset, examToday, { today }));
  const code = (await realRcoi.admin('/admin/enrolment-codes', { regionCode: '42', ppeCode: '0412' })).code as string;

  // HQ: set up by code through its first screen; the technical specialist chooses a PIN and signs in.
  await hq.page.goto(hq.url);
  await hq.page.getByRole('button', { name: /Станция штаба/ }).click();
  await hq.page.getByLabel('Адрес РЦОИ').fill(realRcoi.url);
  await hq.page.getByLabel('Код ППЭ').fill('0412');
  await hq.page.getByLabel('Код подключения').fill(code);
  await hq.page.getByRole('button', { name: 'Подключить к РЦОИ' }).click();
  await expect(hq.page.getByRole('heading', { name: 'РЦОИ ответил' })).toBeVisible();
  await hq.page.getByRole('radio', { name: fullName(technician) }).check();
  await hq.page.getByLabel('Ваш новый PIN').fill(PIN);
  await hq.page.getByLabel('Повторите PIN').fill(PIN);
  await hq.page.getByRole('button', { name: 'Завершить настройку' }).click();
  const done = hq.page.getByTestId('hq-setup-done');
  await expect(done.getByRole('heading', { name: 'Станция штаба настроена' })).toBeVisible();
  await expect(done).toContainText(`0412 — ${dataset.ppe.name}`);
  await shot(hq.page, 'hq-set-up');
  await done.getByRole('button', { name: 'Войти' }).click();
  await signInAs(hq.page, 7, PIN);
  await expect(hq.page.getByTestId('session-user')).toBeVisible();
  await expect(hq.page.getByTestId('training-banner')).toHaveCount(0);

  // The distribution bundle arrives through the feed.
  await open(hq.page, 'Списки распределения');
  await expect(hq.page.getByTestId('bundles-table')).toContainText(examToday.subjectName, { timeout: 30_000 });
  await shot(hq.page, 'hq-bundle-received');

  // The shared stick goes into HQ: marked for transfer, then room 0101's station prepared under a new number.
  stations.insertDrive('transfer', 'PERENOS');
  await open(hq.page, 'Флешка для переноса');
  const choose = hq.page.getByRole('button', { name: 'Сделать флешкой для переноса' });
  await expect(choose).toBeVisible({ timeout: 15_000 });
  await choose.click();
  await expect(hq.page.getByTestId('transfer-drive-chosen')).toContainText('PERENOS');

  await open(hq.page, 'Станции ППЭ');
  const ownAtHq = hq.page.getByTestId('station-own-fingerprint');
  await expect(ownAtHq).toHaveText(/^\d{4}( \d{4}){4}$/);
  const hqFingerprint = (await ownAtHq.textContent())!.trim();
  const prepare = hq.page.getByTestId('stations-prepare');
  await expect(prepare.getByLabel('Флешка для переноса')).toContainText('PERENOS', { timeout: 15_000 });
  await prepare.getByLabel('Аудитория').selectOption('0101');
  await prepare.getByLabel('Номер станции').fill(ROOM_STATION);
  await prepare.getByRole('button', { name: 'Записать настройку на флешку' }).click();
  await expect(hq.page.getByTestId('stations-issued')).toContainText(hqFingerprint);
  await expect(hq.page.getByTestId('stations-awaiting')).toContainText(`Станция ${ROOM_STATION}`);
  await shot(hq.page, 'hq-room-station-prepared');

  // The room station: not set up, no network, the drive is all it has. HQ's fingerprint on its screen is HQ's own.
  await room.page.goto(room.url);
  await room.page.getByRole('button', { name: /Станция в аудитории/ }).click();
  await expect(room.page.getByTestId('room-setup')).toContainText('PERENOS', { timeout: 15_000 });
  await room.page.getByRole('button', { name: 'Прочитать файлы настройки' }).click();
  await room.page.getByRole('button', { name: `Настроить как станцию ${ROOM_STATION}` }).click();
  await expect(room.page.getByTestId('hq-fingerprint')).toHaveText(hqFingerprint);
  await shot(room.page, 'room-compare-hq-fingerprint');
  await room.page.getByLabel('Отпечаток совпадает с экраном штаба цифра в цифру').check();
  await room.page.getByLabel('Ваш новый PIN').fill(PIN);
  await room.page.getByLabel('Повторите PIN').fill(PIN);
  await room.page.getByRole('button', { name: `Настроить станцию ${ROOM_STATION}` }).click();
  const ownAtRoom = room.page.getByTestId('own-fingerprint');
  await expect(ownAtRoom).toHaveText(/^\d{4}( \d{4}){4}$/, { timeout: 15_000 });
  const roomFingerprint = (await ownAtRoom.textContent())!.trim();
  expect(roomFingerprint).not.toBe(hqFingerprint);
  await expect(room.page.getByTestId('room-setup-done')).toContainText('Ответ для штаба записан на флешку');
  await shot(room.page, 'room-set-up');

  // HQ takes the reply and pins the room station: the same fingerprint as on the room station's screen.
  await open(hq.page, 'Флешка для переноса');
  await hq.page.getByRole('button', { name: 'Принять всё с флешки' }).click();
  await expect(hq.page.getByTestId('transfer-last-import')).toContainText('Принято файлов: 1.');
  await open(hq.page, 'Станции ППЭ');
  const pinned = hq.page.getByTestId('stations-peers').locator(`tr[data-station="${ROOM_STATION}"]`);
  await expect(pinned).toContainText(roomFingerprint);
  await expect(pinned).toContainText('0101');
  await expect(hq.page.getByTestId('stations-awaiting')).toHaveCount(0);
  await shot(hq.page, 'hq-room-station-pinned');

  // HQ writes room 0101's data for today's exam.
  await open(hq.page, 'Флешка для переноса');
  const writeRoom = hq.page.getByTestId('transfer-write-room');
  await expect(writeRoom.getByLabel('Экзамен').locator('option:checked')).toContainText(examToday.subjectName);
  await expect(writeRoom.getByLabel('Аудитория').locator('option:checked')).toContainText(`0101 — `);
  await expect(writeRoom.getByLabel('Аудитория').locator('option:checked')).toContainText(ROOM_STATION);
  await writeRoom.getByRole('button', { name: 'Записать данные аудитории' }).click();
  await expect(writeRoom).toContainText('Записано на флешку: room-0101/');
  await shot(hq.page, 'hq-room-data-written');

  // The room station: the person who set it up signs in, marks the stick for transfer and takes the room's data.
  await room.page.getByRole('button', { name: 'Войти', exact: true }).click();
  await signInAs(room.page, 7, PIN);
  await open(room.page, 'Станции ППЭ');
  await expect(room.page.getByTestId('station-own-fingerprint')).toHaveText(roomFingerprint);
  // A room station never talks to RCOI: its marker (read afresh at sign-in) has nothing queued, though its set-up
  // wrote a reply (a handover, anchored).
  await expect(room.page.getByTestId('sync-marker')).toContainText('РЦОИ: не настроено');
  await expect(room.page.getByTestId('sync-marker')).not.toContainText('в очереди');
  await open(room.page, 'Флешка для переноса');
  await room.page.getByRole('button', { name: 'Сделать флешкой для переноса' }).click();
  await expect(room.page.getByTestId('transfer-drive-chosen')).toContainText('PERENOS');
  await room.page.getByRole('button', { name: 'Принять всё с флешки' }).click();
  // The room data is new; its set-up file, still on the stick, was taken at set-up.
  await expect(room.page.getByTestId('transfer-last-import')).toContainText('Принято файлов: 1. Уже были приняты раньше: 1. Отклонено: 0.');
  const roomData = room.page.getByTestId('transfer-room-data');
  await expect(roomData).toContainText(examToday.subjectName);
  await expect(roomData).toContainText(`участников ${examToday.seating.filter((s) => s.auditoriumCode === '0101').length}`);
  await shot(room.page, 'room-data-taken');

  // Its rooms screen: room 0101 for today's exam, with its participants counted and its organisers named.
  await open(room.page, 'Аудитории');
  const row = room.page.getByRole('row').filter({ hasText: '0101' }).first();
  await expect(row).toContainText(organiser.lastName);
  await expect(row).toContainText(String(examToday.seating.filter((s) => s.auditoriumCode === '0101').length));
  await shot(room.page, 'room-rooms');
  // Exam day at an offline room station: its package comes on the transfer drive, so no drives alarm, and RCOI,
  // distribution lists and internet packages are HQ's screens, not its own.
  await expect(room.page.locator('[data-testid="alarm"][data-kind="package_not_ready"]')).toHaveCount(0);
  const roomNav = room.page.getByRole('navigation');
  await expect(roomNav.getByRole('link', { name: 'Флешка для переноса' })).toBeVisible();
  for (const hqOnly of ['Интернет-пакеты', 'Списки распределения', 'Связь с РЦОИ']) {
    await expect(roomNav.getByRole('link', { name: hqOnly })).toHaveCount(0);
  }

  // The room writes its journal for HQ: the extract and the room's signed anchors; HQ takes both.
  await open(room.page, 'Флешка для переноса');
  await room.page.getByTestId('transfer-write-journal').getByRole('button', { name: 'Записать журнал для штаба' }).click();
  await expect(room.page.getByTestId('transfer-write-journal')).toContainText('Записано на флешку');
  // Both files of the visit are named: the journal and its signed anchors.
  await expect(room.page.getByTestId('transfer-write-journal')).toContainText('room.journal_extract.ppex');
  await expect(room.page.getByTestId('transfer-write-journal')).toContainText('room.journal_anchor.ppex');
  await open(hq.page, 'Флешка для переноса');
  await hq.page.getByRole('button', { name: 'Принять всё с флешки' }).click();
  // Two new files (the extract, then the anchors); the room's reply, still on the stick, was taken before.
  await expect(hq.page.getByTestId('transfer-last-import')).toContainText('Принято файлов: 2. Уже были приняты раньше: 1. Отклонено: 0.');
  await expect(hq.page.getByTestId('transfer-taken')).toContainText('Подписи журнала аудитории');
  await expect(hq.page.getByTestId('transfer-room-journals')).toContainText(`Станция ${ROOM_STATION}, аудитория 0101`);
  await shot(hq.page, 'hq-room-journal-taken');
});
