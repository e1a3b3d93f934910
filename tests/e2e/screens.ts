import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

// Shared by the layout, axe and contrast specs (issue 10, items 5, 6 and 8): the school laptop's window sizes, the
// screens a person reaches from the navigation, and the in-page measurements of tests/e2e/page-probes.js.

/** The usual school laptop and the smallest window the PPE's computers have. */
export const SIZES = [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
] as const;
export type Size = (typeof SIZES)[number];
export const sizeName = (size: Size) => `${size.width}x${size.height}`;

/** Every section of the navigation: its link's words and a short name for screenshots. */
export const SECTIONS = [
  { key: 'home', link: 'Главная' },
  { key: 'rooms', link: 'Аудитории' },
  { key: 'participants', link: 'Участники' },
  { key: 'staff', link: 'Работники' },
  { key: 'bundles', link: 'Списки распределения' },
  { key: 'packages', link: 'Интернет-пакеты' },
  { key: 'journal', link: 'Журнал' },
  { key: 'sync', link: 'Связь с РЦОИ' },
  { key: 'transfer', link: 'Флешка для переноса' },
  { key: 'tokens', link: 'Токены ГЭК' },
  { key: 'examKeys', link: 'Ключ к ЭМ' },
  { key: 'stations', link: 'Станции ППЭ' },
  // A room station's only (hidden at HQ and in the demo PPE): exam-morning-print.spec.ts measures it there.
  { key: 'printing', link: 'Печать комплектов' },
] as const;
export type SectionInfo = (typeof SECTIONS)[number];

const PROBES = fileURLToPath(new URL('./page-probes.js', import.meta.url));
const SCREENS = fileURLToPath(new URL('../../test-results/screens', import.meta.url));

/** Loads the in-page measurements into every document the page opens. Call before page.goto. */
export async function withProbes(page: Page): Promise<void> {
  await page.addInitScript({ path: PROBES });
}

/** The sections this person's navigation offers (the shell hides what main would refuse). */
export async function offeredSections(page: Page): Promise<SectionInfo[]> {
  await expect(page.getByRole('navigation', { name: 'Разделы' })).toBeVisible();
  const offered: SectionInfo[] = [];
  for (const section of SECTIONS) {
    if ((await page.getByRole('link', { name: section.link, exact: true }).count()) > 0) offered.push(section);
  }
  return offered;
}

/** Opens a section from the navigation and waits until its data is drawn (no «Загрузка…» left). */
export async function openSection(page: Page, section: SectionInfo): Promise<void> {
  await page.getByRole('link', { name: section.link, exact: true }).click();
  await expect(page.getByRole('link', { name: section.link, exact: true })).toHaveAttribute('aria-current', 'page');
  await settled(page);
}

/** Waits until no loading indicator is left in the main area. */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator('#main h1').first()).toBeVisible();
  await expect(page.locator('#main .busy')).toHaveCount(0);
}

export async function screenshot(page: Page, size: Size, name: string): Promise<string> {
  mkdirSync(SCREENS, { recursive: true });
  const file = `${sizeName(size)}-${name}.png`;
  await page.screenshot({ path: join(SCREENS, file) });
  return file;
}

interface FitReport {
  problems: string[];
  controls: number;
}

/**
 * Asserts the screen fits the window: nothing scrolls sideways, and every button (and whatever `readable` selects:
 * an alarm, the lock form) is whole and reachable by scrolling down alone, never cut by a sideways-scrolling box.
 */
export async function expectFits(page: Page, where: string, readable?: string): Promise<void> {
  const report = (await page.evaluate(`window.ppeProbes.fit(${JSON.stringify(readable ?? null)})`)) as FitReport;
  // Soft: one run lists every screen that does not fit, not only the first.
  expect.soft(report.problems, `${where}: everything fits the window`).toEqual([]);
}

export interface Contrast {
  what: string;
  fg: string;
  bg: string;
  ratio: number;
}
