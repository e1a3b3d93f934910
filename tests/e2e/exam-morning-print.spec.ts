import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test as base, expect } from './fixtures';
import { fullName } from './demo-data';
import { signInAs } from './fixtures-page';
import { startRealRcoi, type RealRcoi } from './real-rcoi';
import { expectFits, withProbes } from './screens';
import { createGekTestToken, SOFTHSM_LIBRARY_FILE, type GekTestToken } from './softhsm-token';
import { withTwoStations, type TwoStations } from './two-stations';
import { buildDemoBundle, loadDemoDataset, localDateIn } from '../rcoi-server/demo-bundles';
import { demoPackageSpec } from '../rcoi-server/demo-packages';
import { demoPpeConfig } from '../rcoi-server/ppe-configs';

// Issue 12, item 8, end to end in the browser shell: exam morning at a real (non-training) PPE, two app instances —
// HQ and room 0101's station — sharing one folder-backed transfer drive, the reference RCOI over HTTPS, and one GEK
// member's token (SoftHSM2) that both stations reach, as the member carries it from HQ to the room. HQ receives the
// key with the token; the technical specialist writes the room's data, package and key to the drive; the room
// station takes them; the GEK member activates the key with the token and its password; the organiser marks who
// came and prints a room of kits to the simulated printer; the totals say they are printed.

const dataset = loadDemoDataset();
const technician = dataset.staff.find((s) => s.roleCode === 7)!;
const examToday = dataset.exams.find((e) => e.dayOffset === 0)!;
const gekMember = dataset.staff[examToday.staffAssignments.find((a) => a.roleCode === 5)!.staff]!;
const ROOM = '0101';
const ROOM_STATION = '041211';
const seated = examToday.seating.filter((s) => s.auditoriumCode === ROOM).length;
const PIN = '2468';
const SHOTS = 'test-results/screens';

/**
 * RCOI releases the key from 09:30 on the exam day in the PPE's own zone, by its real clock. The PPE is put in a zone
 * where it is now between 10:00 and 21:00 (Russian zones first), so the key is released whenever the test runs.
 */
function zoneInExamDay(now = new Date()): string {
  const zones = [
    'Europe/Kaliningrad', 'Europe/Moscow', 'Europe/Samara', 'Asia/Yekaterinburg', 'Asia/Omsk', 'Asia/Novokuznetsk',
    'Asia/Irkutsk', 'Asia/Yakutsk', 'Asia/Vladivostok', 'Asia/Magadan', 'Asia/Kamchatka', 'Pacific/Kiritimati',
    'Pacific/Tongatapu', 'Atlantic/Azores', 'America/Sao_Paulo', 'America/New_York', 'America/Chicago', 'America/Denver',
    'America/Los_Angeles', 'Pacific/Honolulu', 'Europe/London',
  ];
  const hourIn = (zone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now));
  const zone = zones.find((z) => hourIn(z) >= 10 && hourIn(z) < 21);
  if (!zone) throw new Error('no zone where it is exam morning now');
  return zone;
}

const test = base.extend<{ gekToken: GekTestToken; stations: TwoStations }, { realRcoi: RealRcoi }>({
  realRcoi: [
    async ({}, use) => {
      const server = await startRealRcoi();
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  gekToken: async ({}, use) => {
    const token = createGekTestToken();
    await use(token);
    token.dispose();
  },
  // Both stations reach the token store; the room station prints to the simulated printer.
  stations: async ({ browser, realRcoi, gekToken }, use) =>
    withTwoStations(browser, realRcoi.url, realRcoi.stationEnv, use, { env: gekToken.env, roomArgs: ['--printer', 'simulated'] }),
});

async function shot(page: Page, step: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/1366x768-exam-morning-${step}.png`, fullPage: false });
}

/** The printing screen in room mode passes axe in each of its states. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const axe = await new AxeBuilder({ page }).analyze();
  expect.soft(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), where).toEqual([]);
}

/** Opens a section from the navigation and waits until it is drawn. */
async function open(page: Page, link: string): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('heading', { name: link, level: 1 })).toBeVisible();
}

/** The technical specialist points the station at SoftHSM2's library on «Токены ГЭК»; the member's token shows. */
async function useTokenLibrary(page: Page, token: GekTestToken): Promise<void> {
  await open(page, 'Токены ГЭК');
  await page.getByTestId('tokens-library-path').fill(SOFTHSM_LIBRARY_FILE);
  await page.getByRole('button', { name: 'Сохранить путь' }).click();
  await expect(page.getByTestId('tokens-library')).toContainText('Путь к библиотеке сохранён.');
  await page.getByRole('button', { name: 'Обновить' }).click();
  await expect(page.getByTestId('tokens-connected').locator(`tr[data-serial="${token.serial}"]`)).toBeVisible({ timeout: 15_000 });
}

test('exam morning: the key received at HQ, activated in the room with the GEK token, a room of kits printed', async ({ stations, realRcoi, gekToken }) => {
  test.setTimeout(300_000);
  const { hq, room } = stations;
  const timeZone = zoneInExamDay();
  const today = localDateIn(timeZone);

  // RCOI: the PPE (in a zone where it is exam morning now), today's bundle naming the GEK member's token (so RCOI and
  // HQ both know it), today's package with real kits, and a one-time enrolment code.
  await realRcoi.admin('/admin/ppe-configs', { ...demoPpeConfig(dataset, today), timeZone });
  const bundle = buildDemoBundle(dataset, examToday, { today });
  const member = bundle.staff.find((s) => s.id === gekMember.id)!;
  member.token = { algorithm: 'ECDSA-P256-SHA256', publicKey: gekToken.publicKey, serial: gekToken.serial, label: gekToken.label };
  await realRcoi.admin('/admin/publish', bundle);
  await realRcoi.admin('/admin/packages', { ...demoPackageSpec(dataset, examToday, { today, bytesPerKit: 1024 }), availableFrom: today, timeZone });
  const code = (await realRcoi.admin('/admin/enrolment-codes', { regionCode: '42', ppeCode: '0412' })).code as string;

  // HQ: set up by code; the technical specialist signs in; the bundle arrives through the feed.
  await hq.page.goto(hq.url);
  await hq.page.getByRole('button', { name: /Станция штаба/ }).click();
  await hq.page.getByLabel('Адрес РЦОИ').fill(realRcoi.url);
  await hq.page.getByLabel('Код ППЭ').fill('0412');
  await hq.page.getByLabel('Код подключения').fill(code);
  await hq.page.getByRole('button', { name: 'Подключить к РЦОИ' }).click();
  await hq.page.getByRole('radio', { name: fullName(technician) }).check();
  await hq.page.getByLabel('Ваш новый PIN').fill(PIN);
  await hq.page.getByLabel('Повторите PIN').fill(PIN);
  await hq.page.getByRole('button', { name: 'Завершить настройку' }).click();
  await hq.page.getByTestId('hq-setup-done').getByRole('button', { name: 'Войти' }).click();
  await signInAs(hq.page, 7, PIN);
  await open(hq.page, 'Списки распределения');
  await expect(hq.page.getByTestId('bundles-table')).toContainText(examToday.subjectName, { timeout: 30_000 });

  // HQ: the GEK member's token, registered by the bundle, is found through SoftHSM2's library.
  await useTokenLibrary(hq.page, gekToken);
  await expect(hq.page.getByTestId('tokens-register')).toContainText(gekMember.lastName);

  // HQ: today's internet package downloaded.
  await open(hq.page, 'Интернет-пакеты');
  await hq.page.getByRole('button', { name: 'Проверить наличие в РЦОИ' }).click();
  const pkg = hq.page.locator(`[data-testid="packages-table"] tr[data-exam-date="${today}"][data-subject="${examToday.subjectCode}"]`);
  await pkg.getByRole('button', { name: 'Скачать' }).click();
  await expect(pkg.getByTestId('package-state')).toHaveText('скачан, не записан', { timeout: 60_000 });

  // The shared stick: marked for transfer at HQ; room 0101's station prepared, set up from it, its reply taken.
  stations.insertDrive('transfer', 'PERENOS');
  await open(hq.page, 'Флешка для переноса');
  const choose = hq.page.getByRole('button', { name: 'Сделать флешкой для переноса' });
  await expect(choose).toBeVisible({ timeout: 15_000 });
  await choose.click();
  await open(hq.page, 'Станции ППЭ');
  const prepare = hq.page.getByTestId('stations-prepare');
  await expect(prepare.getByLabel('Флешка для переноса')).toContainText('PERENOS', { timeout: 15_000 });
  await prepare.getByLabel('Аудитория').selectOption(ROOM);
  await prepare.getByLabel('Номер станции').fill(ROOM_STATION);
  await prepare.getByRole('button', { name: 'Записать настройку на флешку' }).click();
  await expect(hq.page.getByTestId('stations-awaiting')).toContainText(`Станция ${ROOM_STATION}`);

  await withProbes(room.page);
  await room.page.goto(room.url);
  await room.page.getByRole('button', { name: /Станция в аудитории/ }).click();
  await expect(room.page.getByTestId('room-setup')).toContainText('PERENOS', { timeout: 15_000 });
  await room.page.getByRole('button', { name: 'Прочитать файлы настройки' }).click();
  await room.page.getByRole('button', { name: `Настроить как станцию ${ROOM_STATION}` }).click();
  await room.page.getByLabel('Отпечаток совпадает с экраном штаба цифра в цифру').check();
  await room.page.getByLabel('Ваш новый PIN').fill(PIN);
  await room.page.getByLabel('Повторите PIN').fill(PIN);
  await room.page.getByRole('button', { name: `Настроить станцию ${ROOM_STATION}` }).click();
  await expect(room.page.getByTestId('room-setup-done')).toContainText('Ответ для штаба записан на флешку', { timeout: 15_000 });

  await open(hq.page, 'Флешка для переноса');
  await hq.page.getByRole('button', { name: 'Принять всё с флешки' }).click();
  await expect(hq.page.getByTestId('transfer-last-import')).toContainText('Принято файлов: 1.');

  // HQ: the GEK member's token asks RCOI for the key to today's materials (the clock there is past 09:30).
  await open(hq.page, 'Ключ к ЭМ');
  const ask = hq.page.getByTestId('exam-keys-request');
  const memberChoice = ask.getByTestId('exam-key-member');
  await expect(memberChoice.locator('option', { hasText: gekMember.lastName })).toHaveCount(1);
  await memberChoice.selectOption({ label: (await memberChoice.locator('option', { hasText: gekMember.lastName }).textContent())! });
  await ask.getByTestId('exam-key-pin').fill(gekToken.pin);
  await ask.getByTestId('exam-key-get').click();
  await expect(hq.page.getByTestId('exam-keys-main')).toBeVisible({ timeout: 30_000 });
  await shot(hq.page, 'hq-key-received');

  // HQ writes room 0101's data, its package and the key to the stick in one visit.
  await open(hq.page, 'Флешка для переноса');
  const writeRoom = hq.page.getByTestId('transfer-write-room');
  await writeRoom.getByLabel('Аудитория').selectOption({ index: 0 });
  await expect(writeRoom.getByLabel('Аудитория').locator('option:checked')).toContainText(`${ROOM} — `);
  await writeRoom.getByRole('button', { name: 'Записать данные аудитории' }).click();
  await expect(writeRoom).toContainText('Записано на флешку', { timeout: 60_000 });
  await expect(writeRoom).toContainText('room.exam_key');

  // The room station: the technical specialist signs in, points it at the token library, takes all from the stick.
  await room.page.getByRole('button', { name: 'Войти', exact: true }).click();
  await signInAs(room.page, 7, PIN);
  await useTokenLibrary(room.page, gekToken);
  await open(room.page, 'Флешка для переноса');
  await room.page.getByRole('button', { name: 'Сделать флешкой для переноса' }).click();
  await expect(room.page.getByTestId('transfer-drive-chosen')).toContainText('PERENOS');
  await room.page.getByRole('button', { name: 'Принять всё с флешки' }).click();
  await expect(room.page.getByTestId('transfer-last-import')).toContainText('Отклонено: 0.', { timeout: 60_000 });

  // «Печать комплектов»: the key loaded, not yet active; printing waits for it.
  await open(room.page, 'Печать комплектов');
  const screen = room.page.getByTestId('printing-screen');
  await expect(screen.getByTestId('printing-room')).toContainText(`Аудитория ${ROOM} · ${examToday.subjectName}`);
  const key = screen.getByTestId('printing-key');
  await expect(key).toHaveAttribute('data-state', 'loaded');
  await expect(key).toContainText('Член ГЭК: вставьте токен и введите пароль.');
  await expect(screen.getByTestId('printing-start')).toContainText('Печать откроется, когда член ГЭК активирует ключ.');
  await expectFits(room.page, 'printing, key loaded');
  await expectAccessible(room.page, 'printing, key loaded');
  await shot(room.page, 'printing-key-loaded');

  // The GEK member activates the key with the token and its password.
  await key.getByLabel('Пароль токена').fill(gekToken.pin);
  await key.getByRole('button', { name: 'Активировать' }).click();
  await expect(key).toHaveAttribute('data-state', 'active', { timeout: 30_000 });
  // Who activated it, by name (room data carries the exam's GEK members), and when.
  await expect(key).toContainText(new RegExp(`Ключ активирован \\(${gekMember.lastName} ${gekMember.firstName}[^,]*, \\d{2}:\\d{2}\\)`));

  // The simulated printer chosen; everyone came.
  const printer = screen.getByTestId('printing-printer');
  const choice = printer.getByLabel('Принтер', { exact: true });
  await choice.selectOption({ index: 0 });
  await printer.getByRole('button', { name: 'Выбрать' }).click();
  await expect(printer.getByTestId('printing-printer-state')).toBeVisible();
  const participants = screen.getByTestId('printing-participants');
  const ticks = participants.getByRole('checkbox');
  await expect(ticks).toHaveCount(seated);
  for (let i = 0; i < seated; i++) await ticks.nth(i).check();
  await expect(screen.getByTestId('printing-present-count')).toHaveText(`Пришли: ${seated} из ${seated}`);

  // «Печатать комплекты (25)»: the queue runs with progress per kit and page.
  await screen.getByRole('button', { name: `Печатать комплекты (${seated})` }).click();
  await expect(screen.getByTestId('printing-now')).toContainText(/ИК \d+ из \d+/, { timeout: 30_000 });
  await shot(room.page, 'printing-printing');

  // Done: every kit printed, the totals say so.
  await expect(screen.getByTestId('printing-all-done')).toBeVisible({ timeout: 180_000 });
  const counters = screen.getByTestId('printing-counters');
  await expect(counters.locator('[data-counter="printed"] dd')).toHaveText(String(seated));
  await expect(counters.locator('[data-counter="spoiled"] dd')).toHaveText('0');
  await expect(screen.getByTestId('printing-kits').locator('tr[data-state="printed"]')).toHaveCount(seated);
  await expectFits(room.page, 'printing, done');
  await expectAccessible(room.page, 'printing, done');
  await shot(room.page, 'printing-done');

  // Kit 1 comes out with a misprint: «Испорчен» with the reason; its numbers are never printed again. The room's own
  // kits are all used: the organiser is told to ask HQ for a reserve key, and 1А waits for a kit.
  const kits = screen.getByTestId('printing-kits');
  await kits.getByRole('button', { name: 'Комплект ИК 1 испорчен' }).click();
  const dialog = room.page.getByRole('dialog');
  await dialog.getByLabel('брак печати').check();
  await dialog.getByRole('button', { name: 'Испорчен — напечатать замену' }).click();
  await expect(dialog).toContainText('ИК 1 испорчен. Запасных комплектов нет — попросите в штабе резервный ключ.');
  await expectFits(room.page, 'printing, a kit spoiled');
  await expectAccessible(room.page, 'printing, a kit spoiled');
  await shot(room.page, 'printing-spoiled');
  await dialog.getByRole('button', { name: 'Закрыть' }).click();
  await expect(kits.locator('tr[data-kit="1"]')).toHaveAttribute('data-state', 'spoiled');
  await expect(counters.locator('[data-counter="spoiled"] dd')).toHaveText('1');
  await expect(screen.getByRole('button', { name: 'Печатать комплекты (1)' })).toBeEnabled();

  // HQ: the member's token asks RCOI for a reserve key — one kit for room 0101's station; it goes on the stick.
  await open(hq.page, 'Ключ к ЭМ');
  const reserve = hq.page.getByTestId('exam-key-reserve');
  await ask.getByTestId('exam-key-pin').fill(gekToken.pin);
  await reserve.getByLabel('Аудитория').selectOption(ROOM);
  await reserve.getByLabel('Номер станции').selectOption(ROOM_STATION);
  await reserve.getByLabel('Количество ИК').fill('1');
  await reserve.getByRole('button', { name: 'Получить резервный ключ' }).click();
  await expect(hq.page.getByTestId('exam-keys-screen')).toContainText(`аудитория ${ROOM}, станция ${ROOM_STATION}, комплектов 1`, { timeout: 30_000 });
  await open(hq.page, 'Флешка для переноса');
  await writeRoom.getByRole('button', { name: 'Записать данные аудитории' }).click();
  await expect(writeRoom).toContainText('room.exam_key', { timeout: 60_000 });

  // The room takes it: one reserve kit for this station; 1А's kit is printed from the reserve.
  await open(room.page, 'Флешка для переноса');
  await room.page.getByRole('button', { name: 'Принять всё с флешки' }).click();
  await expect(room.page.getByTestId('transfer-last-import')).toContainText('Отклонено: 0.', { timeout: 60_000 });
  await open(room.page, 'Печать комплектов');
  await expect(key).toContainText('Резервных комплектов для этой станции: 1');
  await screen.getByRole('button', { name: 'Печатать комплекты (1)' }).click();
  await expect(kits.locator('tr[data-state="printed"]')).toHaveCount(seated, { timeout: 60_000 });
  await expect(counters.locator('[data-counter="reserveUsed"] dd')).toHaveText('1');
  await expect(counters.locator('[data-counter="spoiled"] dd')).toHaveText('1');
  await expect(kits.locator('tr[data-state="printed"]', { hasText: 'резерв' })).toHaveCount(1);
  await expect(screen.getByTestId('printing-all-done')).toBeVisible();
  await shot(room.page, 'printing-reserve-printed');
});
