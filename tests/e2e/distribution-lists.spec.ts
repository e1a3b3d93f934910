import { expect, test } from './fixtures';
import { demo, fullName } from './demo-data';
import { pickExam, signInAs } from './fixtures-page';

const socialStudies = demo.exams.find((e) => e.subjectName === 'Обществознание')!;

test('the lists arrive from RCOI by themselves, and a participant is found', async ({ page, app }) => {
  // The sync worker enrols the demo station and applies RCOI's feed in the background: nobody presses anything.
  await page.goto(app.url);
  await signInAs(page, 7);
  await page.getByRole('link', { name: 'Списки распределения' }).click();
  await expect(page.getByTestId('bundles-table')).toContainText('Обществознание', { timeout: 20_000 });

  const seat = socialStudies.seating[0]!;
  const person = demo.participants[seat.participant]!;
  // Participants' documents are the PPE head's and GEK's business, not the technical specialist's (152-ФЗ).
  await expect(page.getByRole('link', { name: 'Участники' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Выйти' }).click();
  await signInAs(page, 1);
  await page.getByRole('link', { name: 'Участники' }).click();
  await pickExam(page, 'Обществознание');
  await page.getByLabel('Поиск по ФИО или номеру документа').fill(`${person.lastName} ${person.firstName}`);
  const table = page.getByTestId('participants-table');
  await expect(table.getByRole('row', { name: new RegExp(fullName(person)) })).toContainText(person.document.number);
  await expect(table.getByRole('row', { name: new RegExp(fullName(person)) })).toContainText(seat.auditoriumCode);

  // The same search by document number finds the same person.
  await page.getByLabel('Поиск по ФИО или номеру документа').fill(person.document.number);
  await expect(table.getByRole('row', { name: new RegExp(fullName(person)) })).toBeVisible();
});

test.describe('with the background sync off', () => {
  test.use({ appOptions: { sync: false } });

  test('the technical specialist fetches the lists from RCOI on request', async ({ page, app }) => {
    await page.goto(app.url);
    await signInAs(page, 7);
    await page.getByRole('link', { name: 'Списки распределения' }).click();
    await page.getByRole('button', { name: 'Получить из РЦОИ' }).click();
    const results = page.getByTestId('import-results');
    await expect(results).toContainText('Обществознание');
    await expect(results).toContainText(`${socialStudies.seating.length} участник`);
    await expect(page.getByTestId('bundles-table')).toContainText('Обществознание');
  });

  test('a bundle file altered after signing is refused and nothing is imported', async ({ page, app }) => {
  const list = (await (await fetch(`${app.rcoiUrl}/api/v1/ppe/42/0412/bundles`)).json()) as {
    bundles: { bundleId: string; subjectCode: number }[];
  };
  const offer = list.bundles.find((b) => b.subjectCode === 12)!;
  const envelope = (await (await fetch(`${app.rcoiUrl}/api/v1/bundles/${offer.bundleId}`)).json()) as { payload: string };
  const payload = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
  payload.participants[0].seat = '1А';
  payload.participants[0].lastName = 'Подставной';
  envelope.payload = Buffer.from(JSON.stringify(payload)).toString('base64');

  await page.goto(app.url);
  await signInAs(page, 1);
  await page.getByRole('link', { name: 'Списки распределения' }).click();
  await page.getByLabel('Загрузить файл…').setInputFiles({
    name: 'obshchestvoznanie.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(envelope)),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Подпись РЦОИ не подтвердилась');
  await expect(alert).toContainText('Ничего не импортировано');
  await expect(page.getByText('Списки распределения ещё не загружены')).toBeVisible();
  // Nothing half-imported: the exam still has nobody seated.
  await page.getByRole('link', { name: 'Участники' }).click();
  await pickExam(page, 'Обществознание');
  await expect(page.getByText('На этот экзамен участники не распределены')).toBeVisible();
});

  test('a good bundle file is imported', async ({ page, app }) => {
    const list = (await (await fetch(`${app.rcoiUrl}/api/v1/ppe/42/0412/bundles`)).json()) as {
      bundles: { bundleId: string; subjectCode: number }[];
    };
    const offer = list.bundles.find((b) => b.subjectCode === 12)!;
    const file = await (await fetch(`${app.rcoiUrl}/api/v1/bundles/${offer.bundleId}`)).text();
    await page.goto(app.url);
    await signInAs(page, 1);
    await page.getByRole('link', { name: 'Списки распределения' }).click();
    await page.getByLabel('Загрузить файл…').setInputFiles({ name: 'obshchestvoznanie.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await expect(page.getByTestId('import-results')).toContainText('Обществознание');
    await expect(page.getByTestId('bundles-table')).toContainText('Обществознание');
  });
});

test('an organiser sees the lists but cannot import them', async ({ page, app }) => {
  await page.goto(app.url);
  await signInAs(page, 2);
  await page.getByRole('link', { name: 'Списки распределения' }).click();
  await expect(page.getByRole('heading', { name: 'Списки распределения' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Получить из РЦОИ' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Журнал', exact: true })).toHaveCount(0);
});
