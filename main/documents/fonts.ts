import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findAppRoot } from '../kernel/app-root';

/**
 * PT Sans (OFL, assets/fonts/README.md), read once per process: every document embeds the same bytes, so a page
 * prints with the same glyphs on any computer, and rendering 25 kits does not read the disk 25 times.
 */
export const FONT = { regular: 'PTSans', bold: 'PTSans-Bold' } as const;

let cached: { regular: Buffer; bold: Buffer } | null = null;

export function documentFonts(): { regular: Buffer; bold: Buffer } {
  if (!cached) {
    const dir = join(findAppRoot(), 'assets', 'fonts');
    cached = {
      regular: readFileSync(join(dir, 'PTSans_400Regular.ttf')),
      bold: readFileSync(join(dir, 'PTSans_700Bold.ttf')),
    };
  }
  return cached;
}
