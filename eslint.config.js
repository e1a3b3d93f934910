import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

// The process boundary, linted: the renderer runs in a sandboxed page and talks to main only through the contract.
// It may not import Node built-ins, Electron, native modules or main's runtime code (types from main/ipc are fine).
const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http',
  'http2', 'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'tls', 'tty', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
];
const FORBIDDEN_IN_RENDERER = ['electron', 'better-sqlite3', 'node-hid', 'serialport', 'sharp', 'ws', ...NODE_BUILTINS];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.electron-native/**', 'assets/demo/*.cjs', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: FORBIDDEN_IN_RENDERER.map((name) => ({
            name,
            message: 'The renderer talks to main only through window.ppe or the bridge (main/ipc/contract.ts).',
          })),
          patterns: [
            { group: ['node:*'], message: 'No Node built-ins in the renderer.' },
            { group: ['@serialport/*', '@img/*'], message: 'No native modules in the renderer.' },
            {
              regex: '(^|/)main/(?!ipc/)',
              message: 'The renderer may use main/ipc only.',
            },
            {
              // Two pure modules (no imports, no Node, no DOM) are shared at run time, so that main and the
              // renderer cannot disagree: shared-rules.ts, plain values (PIN format, size limits, role lists) main
              // enforces and the renderer checks early; zoned-time.ts, the calendar arithmetic in the PPE's zone.
              regex: '(^|/)main/ipc/(?!(shared-rules|zoned-time)$)',
              allowTypeImports: true,
              message: 'Only `import type` from main/ipc in the renderer (values: main/ipc/shared-rules.ts, main/ipc/zoned-time.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // The rules of hooks, and the React Compiler's checks of what a component may do while rendering (no setState
    // in an effect to mirror props, no reading refs during render…): the renderer's screens keep data fresh through
    // one query layer (renderer/state/query/), and these rules keep hand-written effects from creeping back.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Only the Electron shell and the preload load 'electron' at run time; elsewhere `import type` only, so that
    // everything else runs (and is tested) under plain Node, where the Electron binary does not exist.
    files: ['main/**/*.ts', 'native/**/*.ts', 'tests/**/*.ts'],
    ignores: ['main/app/**', 'main/preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', allowTypeImports: true, message: "Only main/app and the preload import 'electron' at run time." }] },
      ],
    },
  },
);
