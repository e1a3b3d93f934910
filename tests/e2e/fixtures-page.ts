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
