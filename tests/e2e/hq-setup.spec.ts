import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { startRealRcoi, type RealRcoi } from './real-rcoi';
import { fullName } from './demo-data';
import { expectFits, withProbes } from './screens';
import { loadDemoDataset, localDateIn } from '../rcoi-server/demo-bundles';
import { demoPpeConfig } from '../rcoi-server/ppe-configs';

// Issue 11, item 1, end to end: a fresh station (no --demo) is set up as the PPE's main HQ station through the screen,
// against the reference RCOI server over HTTPS (a real PPE reaches RCOI over HTTPS only), with a fresh one-time code
// made through the server's admin route; the technical specialist picks themselves, sets a PIN and signs in.

const dataset = loadDemoDataset();
const second = { id: 'W-42-5099', lastName: 'Смирнова', firstName: 'Ольга', middleName: 'Петровна', roleCode: 7 };
const technician = dataset.staff.find((s) => s.roleCode === 7)!;

let rcoi: RealRcoi;
const admin = (path: string, body: unknown) => rcoi.admin(path, body);

test.beforeAll(async () => {
  rcoi = await startRealRcoi();
  // The throwaway certificate is trusted by the app's process (the bridge the fixture starts inherits this
  // environment), as a real station trusts RCOI's certificate through the system's roots.
  process.env.NODE_EXTRA_CA_CERTS = rcoi.tls.certFile;
  const config = demoPpeConfig(dataset, localDateIn(dataset.ppe.timeZone));
  await admin('/admin/ppe-configs', { ...config, staff: [...config.staff, second] });
});

test.afterAll(async () => {
  delete process.env.NODE_EXTRA_CA_CERTS;
  await rcoi?.stop();
});

test.describe('HQ set-up by enrolment code', () => {
  test.use({ appOptions: { notSetUp: true } });

  test('sets up the main HQ station through the screen, shows what it received, and the specialist signs in', async ({ page, app }) => {
    const code = (await admin('/admin/enrolment-codes', { regionCode: '42', ppeCode: '0412' })).code as string;
    await page.setViewportSize({ width: 1280, height: 720 });
    await withProbes(page);
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: 'Станция не настроена' })).toBeVisible();
    // Training mode stays one click away.
    await expect(page.getByRole('button', { name: 'Учебный режим', exact: true })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/1280x720-setup-choice.png' });
    await page.getByRole('button', { name: /Станция штаба/ }).click();

    await page.getByLabel('Адрес РЦОИ').fill(rcoi.url);
    await page.getByLabel('Код ППЭ').fill('0412');
    // A code RCOI never issued: refused in words beside the button, nothing set up.
    await page.getByLabel('Код подключения').fill('7k3m q9zd 2hxa');
    await expect(page.getByLabel('Код подключения')).toHaveValue('7K3M-Q9ZD-2HXA');
    await page.getByRole('button', { name: 'Подключить к РЦОИ' }).click();
    const refusal = page.getByTestId('action-error');
    await expect(refusal).toContainText('РЦОИ не знает такого кода подключения для ППЭ 0412');
    await expect(refusal).toBeFocused();

    // The real code, typed in lower case without dashes: the mask puts it right.
    await page.getByLabel('Код подключения').fill(code.toLowerCase().replace(/-/g, ''));
    await expect(page.getByLabel('Код подключения')).toHaveValue(code);
    await expect(page.getByRole('radio', { name: 'Основная' })).toBeChecked();
    await page.screenshot({ path: 'test-results/screens/1280x720-hq-setup-form.png' });
    await expectFits(page, 'the HQ set-up form');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.getByRole('button', { name: 'Подключить к РЦОИ' }).click();

    await expect(page.getByRole('heading', { name: 'РЦОИ ответил' })).toBeVisible();
    await expect(page.getByText(`ППЭ 0412 — ${dataset.ppe.name}`)).toBeVisible();
    await page.getByRole('radio', { name: fullName(technician) }).check();
    await page.getByLabel('Ваш новый PIN').fill('2468');
    await page.getByLabel('Повторите PIN').fill('2468');
    // The PPE head is here too and sets their own PIN (otherwise it takes two people to issue it later).
    const headGroup = page.getByRole('group', { name: 'Руководитель ППЭ' });
    await headGroup.getByRole('checkbox', { name: 'Руководитель ППЭ рядом и задаст свой PIN' }).check();
    await headGroup.getByLabel(/PIN руководителя ППЭ/).fill('3579');
    await headGroup.getByLabel('Повторите PIN').fill('3579');
    await page.screenshot({ path: 'test-results/screens/1280x720-hq-setup-person.png' });
    await expectFits(page, 'choosing who signs in first');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.getByRole('button', { name: 'Завершить настройку' }).click();

    const done = page.getByTestId('hq-setup-done');
    await expect(done.getByRole('heading', { name: 'Станция штаба настроена' })).toBeVisible();
    await expect(done).toContainText(`0412 — ${dataset.ppe.name}`);
    await expect(done).toContainText('Asia/Novokuznetsk');
    await expect(done).toContainText(/041201 \(основная\)/);
    await expect(done).toContainText(/\d{4} \d{4} \d{4} \d{4} \d{4}/);
    await page.screenshot({ path: 'test-results/screens/1280x720-hq-setup-done.png' });
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    // Nothing scrolls sideways at 1280×720, every button whole (tests/e2e/screens.ts).
    await expectFits(page, 'what the set-up received');
    await done.getByRole('button', { name: 'Войти' }).click();

    // The sign-in screen of a real PPE: no training banner; the specialist signs in with the PIN just chosen.
    await expect(page.getByRole('heading', { name: 'Вход в систему' })).toBeVisible();
    await expect(page.getByTestId('training-banner')).toHaveCount(0);
    await page.getByRole('button', { name: fullName(technician) }).click();
    await page.getByLabel('PIN', { exact: true }).fill('2468');
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await expect(page.getByTestId('session-user')).toBeVisible();
    await expect(page.getByTestId('training-banner')).toHaveCount(0);

    // The journal names the set-up in words.
    await page.getByRole('link', { name: 'Журнал', exact: true }).click();
    await expect(page.getByText('Станция штаба настроена по коду подключения РЦОИ').first()).toBeVisible();
  });
});
