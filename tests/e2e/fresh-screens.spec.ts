import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { fullName, staffWithRole } from './demo-data';
import { expect, startProcess, stop, test } from './fixtures';
import { answeredCalls, signInAs } from './fixtures-page';

// Issue 9 item 4: screens stay fresh because main says what changed, not because they poll. The journal shows an
// entry written by someone else while it is open; the packages screen re-reads only the parts an event names; a
// screen that fails to draw says so in Russian, with a way back, instead of leaving a blank window.

test('the open journal shows an entry someone writes at another window, with no reload and no timer', async ({ browser, rcoi }) => {
  // Two windows on one app: the bridge prints a second one-time link for the second window.
  const dataDir = mkdtempSync(join(tmpdir(), 'ppe-e2e-fresh-'));
  const started = await startProcess(
    'dist/main/bridge/cli.js',
    ['--data-dir', dataDir, '--port', '0', '--rcoi-url', rcoi.url, '--demo', '--no-sync', '--tickets', '2'],
    /(PPE bridge: \S+\s+PPE bridge ticket: \S+)/,
  );
  const [, first, second] = /PPE bridge: (\S+)\s+PPE bridge ticket: (\S+)/.exec(started.line)!;
  const head = await browser.newContext({ locale: 'ru-RU' });
  const other = await browser.newContext({ locale: 'ru-RU' });
  try {
    const page = await head.newPage();
    // The page's own timers run on a clock the test moves: a polling screen would read the journal again.
    await page.clock.install();
    const calls = answeredCalls(page);
    await page.goto(first!);
    await signInAs(page, 1);
    await page.getByRole('link', { name: 'Журнал', exact: true }).click();
    const status = page.getByTestId('journal-status');
    await expect(status).toHaveAttribute('data-state', 'ok');
    const table = page.getByTestId('journal-table');
    await expect(table).toContainText('Вход в систему');
    const reads = calls.count('journal/list');
    expect(reads).toBeGreaterThan(0);

    // Five minutes of the page's timers pass. The journal/verify round trip after it is answered only after any
    // read the timers started (one socket, answered in order): none may have been a journal read.
    await page.clock.fastForward('05:00');
    await page.getByRole('button', { name: 'Проверить целостность' }).click();
    await expect(status).toHaveAttribute('data-state', 'ok');
    expect(calls.count('journal/list')).toBe(reads);

    // Someone at the other window types a wrong PIN: main journals it and announces the topic.
    const page2 = await other.newPage();
    await page2.goto(second!);
    const person = staffWithRole(2);
    await page2.getByRole('button', { name: fullName(person) }).click();
    await page2.getByLabel('PIN', { exact: true }).fill('0000');
    await page2.getByRole('button', { name: 'Войти', exact: true }).click();
    await expect(page2.getByRole('alert')).toContainText('Неверный PIN');

    const row = table.locator('tbody tr').filter({ hasText: 'Неверный PIN' });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(person.lastName);
    expect(calls.count('journal/list')).toBeGreaterThan(reads);
    expect(page.url()).not.toContain('ticket');
  } finally {
    await head.close();
    await other.close();
    await stop(started.process);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the packages screen follows a download by re-reading the package list only, and still shows the write', async ({ page, app }) => {
  test.setTimeout(90_000);
  const calls = answeredCalls(page);
  await page.goto(app.url);
  await signInAs(page, 7);
  await page.getByRole('link', { name: 'Интернет-пакеты', exact: true }).click();
  await page.getByRole('button', { name: 'Проверить наличие в РЦОИ' }).click();
  const row = page.locator('[data-testid="packages-table"] tr[data-subject="12"]');
  await expect(row.getByTestId('package-state')).toHaveText('можно скачать');
  await expect(page.getByTestId('drives')).toBeVisible();

  const drivesBefore = calls.count('packages/drives');
  const examsBefore = calls.count('packages/exams');
  await row.getByRole('button', { name: 'Скачать' }).click();
  await expect(row.getByTestId('package-state')).toHaveText('скачан, не записан', { timeout: 30_000 });
  // The download's progress re-read the package list; the drives (lsblk behind them on a real station) were read
  // once, after the button, and the whole overview never.
  expect(calls.count('packages/exams')).toBeGreaterThan(examsBefore + 1);
  expect(calls.count('packages/drives')).toBeLessThanOrEqual(drivesBefore + 1);
  expect(calls.count('packages/overview')).toBe(0);

  // Drives and the write: their parts arrive as their events name them.
  await page.getByTestId('training-drive-main').click();
  await page.getByTestId('training-drive-reserve').click();
  const table = page.getByTestId('drives-table');
  await expect(table.locator('tr[data-present="true"]')).toHaveCount(2);
  await page.getByLabel('Роль накопителя MAIN').selectOption('main');
  await page.getByLabel('Роль накопителя RESERVE').selectOption('reserve');
  await expect(table.locator('tr[data-role="reserve"]')).toBeVisible();
  await row.getByRole('button', { name: 'Записать на основной и резервный' }).click();
  await expect(row.getByTestId('package-state')).toHaveText('записан и проверен', { timeout: 30_000 });
  await expect(page.getByTestId('write-progress').locator('li[data-phase="done"]')).toHaveCount(2);
});

interface Frame {
  type?: string;
  id?: unknown;
  channel?: string;
  result?: { ok: boolean; value?: { entries?: unknown[] } };
}

/**
 * The page's bridge socket, passed through the test: answers to one channel can be held back (and let go), or one
 * spoiled on its way, as a newer main's unexpected entry might be. Nothing in the app is changed. Before page.goto.
 */
async function tapBridge(page: Page) {
  const held: (() => void)[] = [];
  const tap = {
    holding: null as string | null,
    spoil: null as ((channel: string, frame: Frame) => boolean) | null,
    hold(channel: string) {
      tap.holding = channel;
    },
    release() {
      tap.holding = null;
      for (const send of held.splice(0)) send();
    },
  };
  await page.routeWebSocket(/\/bridge$/, (ws) => {
    const server = ws.connectToServer();
    const channels = new Map<unknown, string>();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as Frame;
      if (frame.type === 'invoke' && typeof frame.channel === 'string') channels.set(frame.id, frame.channel);
      server.send(message);
    });
    server.onMessage((message) => {
      const frame = JSON.parse(String(message)) as Frame;
      const channel = frame.type === 'result' ? channels.get(frame.id) : undefined;
      if (channel !== undefined && channel === tap.holding) {
        held.push(() => ws.send(message));
      } else if (channel !== undefined && tap.spoil?.(channel, frame)) {
        ws.send(JSON.stringify(frame));
      } else {
        ws.send(message);
      }
    });
  });
  return tap;
}

/** Spoils the first journal page main sends: its newest entry becomes one the screen cannot read. */
function spoilFirstJournalPage(channel: string, frame: Frame): boolean {
  const entries = frame.result?.value?.entries;
  if (channel !== 'journal/list' || !Array.isArray(entries) || entries.length === 0) return false;
  entries[0] = { ...(entries[0] as object), action: 'future.kind', payload: null };
  return true;
}

test('the next person at the keyboard never sees what the previous one read, not even while their own loads', async ({ page, app }) => {
  const tap = await tapBridge(page);
  await page.goto(app.url);
  await signInAs(page, 1);
  await page.getByRole('link', { name: 'Журнал', exact: true }).click();
  await expect(page.getByTestId('journal-table')).toContainText('Вход в систему');

  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page.getByTestId('session-user')).toHaveCount(0);
  await signInAs(page, 7);
  await expect(page.getByTestId('session-user')).toContainText(staffWithRole(7).lastName);
  // The technical specialist's own journal read is held back: whatever the screen shows meanwhile is not from it.
  tap.hold('journal/list');
  await page.getByRole('link', { name: 'Журнал', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Журнал' })).toBeVisible();
  await expect(page.locator('#main').getByText('Загрузка…')).toBeVisible();
  await expect(page.getByTestId('journal-table')).toHaveCount(0);

  tap.release();
  await expect(page.getByTestId('journal-table')).toContainText('Вход в систему');
});

test('a screen that fails to draw says so in Russian and comes back with «Обновить экран»', async ({ page, app }) => {
  const failures: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(message.text());
  });
  const tap = await tapBridge(page);
  let spoiled = false;
  tap.spoil = (channel, frame) => !spoiled && (spoiled = spoilFirstJournalPage(channel, frame));
  await page.goto(app.url);
  await signInAs(page, 1);
  await page.getByRole('link', { name: 'Журнал', exact: true }).click();

  const failed = page.getByTestId('screen-error');
  await expect(page.getByRole('heading', { name: 'Экран не открылся' })).toBeVisible();
  await expect(failed).toContainText('Сохранённые данные не пострадали');
  await expect(failed).toContainText('Нажмите «Обновить экран»');
  expect(failures.some((text) => text.includes('screen failed to render'))).toBe(true);
  // The rest of the application still works around it.
  await expect(page.getByRole('link', { name: 'Главная' })).toBeVisible();

  await page.getByRole('button', { name: 'Обновить экран' }).click();
  await expect(failed).toHaveCount(0);
  await expect(page.getByTestId('journal-table')).toContainText('Вход в систему');
});
