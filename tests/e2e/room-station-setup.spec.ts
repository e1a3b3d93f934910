import { expect, test } from './two-stations';
import { signInAs } from './fixtures-page';
import { expectFits, screenshot, settled, withProbes } from './screens';

// Issue 11, items 1 and 7, end to end in the browser shell: two app instances with their own data folders share one
// folder-backed transfer drive. HQ (the training PPE, chosen on its first screen) prepares a room station; the room
// station, never set up and with no network, reads the set-up file, shows HQ's fingerprint, is set up by the
// technical specialist with the PIN they choose, and writes its reply; HQ takes the reply from the transfer drive
// screen, and both screens show the same fingerprint.

const SIZE = { width: 1280, height: 720 } as const;

test('a room station set up from the transfer drive: the same fingerprints on both screens', async ({ stations }) => {
  const { hq, room } = stations;
  await hq.page.setViewportSize(SIZE);
  await room.page.setViewportSize(SIZE);
  await withProbes(hq.page);
  await withProbes(room.page);
  stations.insertDrive('transfer', 'PERENOS');

  // HQ: the training PPE, chosen on its first screen; the technical specialist prepares station 100104 of room 0101.
  await hq.page.goto(hq.url);
  await hq.page.getByRole('button', { name: 'Учебный режим', exact: true }).click();
  await hq.page.getByRole('button', { name: 'Включить учебный режим' }).click();
  await signInAs(hq.page, 7);
  await hq.page.getByRole('link', { name: 'Станции ППЭ', exact: true }).click();
  await expect(hq.page.getByRole('heading', { name: 'Станции ППЭ', level: 1 })).toBeVisible();
  const hqFingerprint = (await hq.page.getByTestId('station-own-fingerprint').textContent())!.trim();
  expect(hqFingerprint).toMatch(/^\d{4}( \d{4}){4}$/);
  const prepare = hq.page.getByTestId('stations-prepare');
  await expect(prepare.getByLabel('Флешка для переноса')).toContainText('PERENOS', { timeout: 15_000 });
  await prepare.getByLabel('Номер станции').fill('100104');
  await prepare.getByRole('button', { name: 'Записать настройку на флешку' }).click();
  await expect(hq.page.getByTestId('stations-issued')).toContainText(hqFingerprint);
  await expect(hq.page.getByTestId('stations-awaiting')).toContainText('Станция 100104');
  await settled(hq.page);
  await expectFits(hq.page, 'stations, a set-up awaiting its reply');
  await screenshot(hq.page, SIZE, 'stations-hq-setup-issued');

  // The room station: not set up, the drive is all it has.
  await room.page.goto(room.url);
  await room.page.getByRole('button', { name: /Станция в аудитории/ }).click();
  await expect(room.page.getByTestId('room-setup')).toContainText('PERENOS');
  await room.page.getByRole('button', { name: 'Прочитать файлы настройки' }).click();
  await room.page.getByRole('button', { name: 'Настроить как станцию 100104' }).click();
  await expect(room.page.getByTestId('hq-fingerprint')).toHaveText(hqFingerprint);
  await settled(room.page);
  await expectFits(room.page, 'room set-up, comparing the HQ fingerprint');
  await screenshot(room.page, SIZE, 'room-setup-compare-hq-fingerprint');
  await room.page.getByLabel('Отпечаток совпадает с экраном штаба цифра в цифру').check();
  await room.page.getByLabel('Ваш новый PIN').fill('2468');
  await room.page.getByLabel('Повторите PIN').fill('2468');
  await room.page.getByRole('button', { name: 'Настроить станцию 100104' }).click();
  const own = room.page.getByTestId('own-fingerprint');
  await expect(own).toHaveText(/^\d{4}( \d{4}){4}$/, { timeout: 15_000 });
  const roomFingerprint = (await own.textContent())!.trim();
  await expect(room.page.getByTestId('room-setup-done')).toContainText('Ответ для штаба записан на флешку');
  await screenshot(room.page, SIZE, 'room-setup-done-own-fingerprint');

  // HQ takes the reply on the transfer drive screen; «Станции ППЭ» shows the room station with the same fingerprint.
  await hq.page.getByRole('link', { name: 'Флешка для переноса', exact: true }).click();
  await hq.page.getByRole('button', { name: 'Сделать флешкой для переноса' }).click();
  await hq.page.getByRole('button', { name: 'Принять всё с флешки' }).click();
  await expect(hq.page.getByTestId('transfer-last-import')).toContainText('Принято файлов: 1.');
  await hq.page.getByRole('link', { name: 'Станции ППЭ', exact: true }).click();
  const pinned = hq.page.getByTestId('stations-peers').locator('tr[data-station="100104"]');
  await expect(pinned).toContainText(roomFingerprint);
  await expect(hq.page.getByTestId('stations-awaiting')).toHaveCount(0);
  await settled(hq.page);
  await expectFits(hq.page, 'stations, the room station pinned');
  await screenshot(hq.page, SIZE, 'stations-hq-room-pinned');

  // The room station: the person who set it up signs in with the PIN they chose and sees the same fingerprint.
  await room.page.getByRole('button', { name: 'Войти', exact: true }).click();
  await signInAs(room.page, 7, '2468');
  await room.page.getByRole('link', { name: 'Станции ППЭ', exact: true }).click();
  await expect(room.page.getByTestId('station-own-fingerprint')).toHaveText(roomFingerprint);
  await screenshot(room.page, SIZE, 'stations-room-own');

  // Moving: HQ moves station 100104 to room 0102 (its key retired now); the room station takes the move after
  // comparing HQ's fingerprint, keeps its key, and HQ pins it at its new place.
  await pinned.getByRole('button', { name: 'Перенести станцию 100104' }).click();
  const move = hq.page.getByTestId('stations-move');
  await move.getByLabel('Аудитория').selectOption('0102');
  await move.getByRole('button', { name: 'Перенести станцию 100104' }).click();
  await expect(hq.page.getByTestId('stations-issued')).toContainText(hqFingerprint);
  await expect(hq.page.getByTestId('stations-peers')).toHaveCount(0);
  await screenshot(hq.page, SIZE, 'stations-hq-move-issued');

  const actions = room.page.getByTestId('stations-room-actions');
  await expect(actions.getByLabel('Флешка для переноса')).toContainText('PERENOS', { timeout: 15_000 });
  await actions.getByRole('button', { name: 'Найти перенос на флешке' }).click();
  await actions.getByLabel('Отпечаток совпадает с экраном штаба цифра в цифру').check();
  await actions.getByRole('button', { name: 'Принять перенос: станция 100104, аудитория 0102' }).click();
  await expect(room.page.getByTestId('stations-moved')).toContainText(roomFingerprint);
  await expect(room.page.getByTestId('stations-moved')).toContainText('Ответ для штаба записан на флешку');
  await settled(room.page);
  await expectFits(room.page, 'stations, the room station moved');
  await screenshot(room.page, SIZE, 'stations-room-moved');

  await hq.page.getByRole('link', { name: 'Флешка для переноса', exact: true }).click();
  await hq.page.getByRole('button', { name: 'Принять всё с флешки' }).click();
  await expect(hq.page.getByTestId('transfer-last-import')).toContainText('Принято файлов: 1.');
  await hq.page.getByRole('link', { name: 'Станции ППЭ', exact: true }).click();
  await expect(hq.page.getByTestId('stations-peers').locator('tr[data-station="100104"]')).toContainText('0102');
  await expect(hq.page.getByTestId('stations-peers').locator('tr[data-station="100104"]')).toContainText(roomFingerprint);
});
