import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { signInAs } from './fixtures-page';
import { SIZES, expectFits, sizeName, withProbes } from './screens';
import { SECOND_EXAM, addSecondExam, secondExamBundleFile } from '../support/second-exam';

// Issue 11, item 5: two subjects on one day in different rooms. The demo's exam day gets a second exam in a room of
// its own (the schedule written into the station's database, as a configuration would bring it); its lists are
// imported on «Списки распределения» as the signed file RCOI would send. Home and «Аудитории» then show both.

test.use({ appOptions: { sync: false }, viewport: { width: 1366, height: 768 } });

test('home and the rooms show every exam of the day, each room with its exam', async ({ page, app }) => {
  const db = new Database(join(app.dataDir, 'ppe.sqlite'));
  // The demo's exam day: the main-day Russian exam is day 0 of the demo calendar.
  const { today } = db.prepare("SELECT exam_date AS today FROM exam WHERE subject_code = 1 AND day_kind = 'main'").get() as { today: string };
  addSecondExam(db, today);
  db.close();

  await withProbes(page);
  await page.goto(app.url);
  await signInAs(page, 1);
  await page.getByRole('link', { name: 'Списки распределения' }).click();
  const bundle = secondExamBundleFile(today);
  await page.getByLabel('Загрузить файл…').setInputFiles({ name: 'informatika.json', mimeType: 'application/json', buffer: Buffer.from(bundle.text) });
  await expect(page.getByTestId('import-results')).toContainText(SECOND_EXAM.subjectName);

  // Home: «Экзамены сегодня» has both exams, and today's rooms are both exams' rooms, each naming its exam.
  await page.getByRole('link', { name: 'Главная', exact: true }).click();
  const cards = page.getByTestId('exam-card');
  await expect(cards).toHaveCount(2);
  await expect(cards.filter({ hasText: 'Русский язык' })).toHaveCount(1);
  await expect(cards.filter({ hasText: SECOND_EXAM.subjectName })).toContainText(`Участников: ${bundle.participants}`);
  const homeRooms = page.getByTestId('home-rooms');
  await expect(homeRooms.locator('tr', { hasText: SECOND_EXAM.room.code }).getByTestId('room-exam')).toHaveText(`Экзамен: ${SECOND_EXAM.subjectName}`);
  await expect(homeRooms.locator('tr', { hasText: '0101' }).getByTestId('room-exam')).toHaveText('Экзамен: Русский язык');
  // The shared morning is listed once and names no subject; each exam's end names its own.
  const timeline = page.locator('ol.timeline');
  await expect(timeline.locator('li[data-key="key_release"]')).toHaveCount(1);
  await expect(timeline.locator('li[data-key="key_release"]')).not.toContainText('Русский язык');
  await expect(timeline.locator('li[data-key="exam_end"]')).toHaveCount(2);
  await expect(timeline.locator('li[data-key="exam_end"]', { hasText: SECOND_EXAM.subjectName })).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screens/1366x768-home-two-exams.png' });
  await homeRooms.screenshot({ path: 'test-results/screens/1366x768-home-two-exams-rooms.png' });

  // «Аудитории» opens on the whole day: every room of both exams with its exam; the headquarters once.
  await page.getByRole('link', { name: 'Аудитории', exact: true }).click();
  const picker = page.getByLabel('Экзамен', { exact: true });
  await expect(picker.locator('option:checked')).toContainText('все экзамены дня');
  const rooms = page.getByTestId('rooms-table');
  await expect(rooms.locator('tbody tr', { hasText: SECOND_EXAM.room.code }).getByTestId('room-exam')).toHaveText(`Экзамен: ${SECOND_EXAM.subjectName}`);
  await expect(rooms.locator('tbody tr', { hasText: SECOND_EXAM.room.code })).toContainText(String(bundle.participants));
  await expect(rooms.locator('tbody tr', { hasText: '0102' })).toContainText('Русский язык');
  await expect(rooms.locator('tbody tr', { hasText: 'штаб' })).toHaveCount(1);
  await expect(page.locator('.summary')).toContainText('Аудиторий: 4,');
  await rooms.screenshot({ path: 'test-results/screens/1366x768-rooms-two-exams.png' });
  // Nothing scrolls sideways with the exam named in every row, on the smaller school laptop too.
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expectFits(page, `${sizeName(size)} «Аудитории», two exams`);
    await page.getByRole('link', { name: 'Главная', exact: true }).click();
    await expect(page.getByTestId('home-rooms')).toBeVisible();
    await expectFits(page, `${sizeName(size)} «Главная», two exams`);
    await page.getByRole('link', { name: 'Аудитории', exact: true }).click();
    await expect(rooms).toBeVisible();
  }

  // «Работники» opens on the day's duty too: the second exam's organiser is in its room.
  await page.getByRole('link', { name: 'Работники', exact: true }).click();
  await expect(page.getByLabel('Назначения', { exact: true }).locator('option:checked')).toContainText('все экзамены дня');
  const { organiser } = SECOND_EXAM;
  const line = page.getByTestId('staff-table').locator('tr', { hasText: `${organiser.lastName} ${organiser.firstName}` });
  await expect(line.locator('td.mono')).toHaveText(SECOND_EXAM.room.code);
  await page.getByRole('link', { name: 'Аудитории', exact: true }).click();

  // One exam chosen: its rooms only carry participants, and the exam line goes away.
  const informatics = await picker.locator('option', { hasText: `— ${SECOND_EXAM.subjectName}` }).getAttribute('value');
  await picker.selectOption(informatics!);
  await expect(rooms.getByTestId('room-exam')).toHaveCount(0);
  await expect(page.locator('.summary')).toContainText(`участников: ${bundle.participants}`);
});
