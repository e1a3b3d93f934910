import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findAppRoot } from '../../main/kernel/app-root';

/**
 * Absolute path of a file in the repository (assets/, tests/rcoi-server/fixtures/ ...). The root is found by
 * walking up from this module, which works from the sources and from dist/; a bundle built elsewhere (say into
 * /tmp) falls back to the working directory, so run it from the repository root.
 */
export function repoFile(...parts: string[]): string {
  let root: string;
  try {
    root = findAppRoot(import.meta.url);
  } catch {
    root = findAppRoot(pathToFileURL(join(process.cwd(), 'cwd-marker')).href);
  }
  return join(root, ...parts);
}
