import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { fullName, staffWithRole } from './demo-data';

/** Signs in on the sign-in screen as the first demo staff member with the role, with the training PIN. */
export async function signInAs(page: Page, roleCode: number, pin = String(roleCode).repeat(4)): Promise<string> {
  const person = staffWithRole(roleCode);
  await page.getByRole('button', { name: fullName(person) }).click();
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  return person.lastName;
}

/** Chooses the exam whose option text mentions the subject (options read «дата — предмет (ЕГЭ)»). */
export async function pickExam(page: Page, subject: string): Promise<void> {
  const select = page.getByLabel('Экзамен', { exact: true });
  const value = await select.evaluate(
    // Runs in the page: a <select>'s options, read without DOM typings (this file is type-checked for Node).
    (el, s) => {
      const options = (el as unknown as { options: ArrayLike<{ value: string; textContent: string | null }> }).options;
      return Array.from(options).find((o) => o.textContent?.includes(s))?.value ?? null;
    },
    subject,
  );
  expect(value, `an exam «${subject}» in the picker`).not.toBeNull();
  await select.selectOption(value!);
}

/**
 * Counts the calls the page has had answered by main, per channel, from the bridge's WebSocket frames as they pass
 * (an invoke frame names the channel, its result frame carries the same id). Attach before the page loads.
 */
export function answeredCalls(page: Page): { count(channel?: string): number } {
  const answered = new Map<string, number>();
  const frame = (payload: string | Buffer): { type?: unknown; id?: unknown; channel?: unknown } | null => {
    try {
      const m: unknown = JSON.parse(payload.toString());
      return typeof m === 'object' && m !== null ? m : null;
    } catch {
      return null;
    }
  };
  page.on('websocket', (ws) => {
    const pending = new Map<unknown, string>();
    ws.on('framesent', ({ payload }) => {
      const m = frame(payload);
      if (m?.type === 'invoke' && typeof m.channel === 'string') pending.set(m.id, m.channel);
    });
    ws.on('framereceived', ({ payload }) => {
      const m = frame(payload);
      const channel = m?.type === 'result' ? pending.get(m.id) : undefined;
      if (channel === undefined) return;
      pending.delete(m!.id);
      answered.set(channel, (answered.get(channel) ?? 0) + 1);
    });
  });
  return {
    count: (channel) => (channel === undefined ? [...answered.values()].reduce((a, b) => a + b, 0) : (answered.get(channel) ?? 0)),
  };
}
