// Lint, including the layer rules of DESIGN.md: each folder may import only the layers below it.
// A wrong import (renderer → node:fs, core → electron, …) is an error and fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** no-restricted-imports for one layer: forbidden module names and path patterns, with the reason. */
function layer(files, { names = [], patterns = [], regexes = [], message }) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: names.map((name) => ({ name, message })),
          patterns: [...patterns.map((group) => ({ group: [group], message })), ...regexes.map((regex) => ({ regex, message }))],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tmp/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  { files: ['scripts/**', 'bin/**', '*.config.{js,ts}', 'tests/**'], languageOptions: { globals: globals.node } },
  { files: ['renderer/**'], languageOptions: { globals: globals.browser } },
  { files: ['main/**', 'workers/**', 'preload/**'], languageOptions: { globals: globals.node } },

  // core/: pure TypeScript — no Node, Electron, DOM-bound or upper-layer imports.
  layer(['core/**/*.ts'], {
    names: [...nodeBuiltins, 'electron', 'react', 'react-dom', 'lightweight-charts', 'better-sqlite3', 'comlink', 'ws', 'onnxruntime-node'],
    patterns: ['**/main/**', '**/workers/**', '**/renderer/**', '**/preload/**'],
    message: 'core/ is pure TypeScript: it imports no Node, Electron or DOM module and no upper layer (DESIGN.md).',
  }),
  // workers/: core/ and Node only.
  layer(['workers/**/*.ts'], {
    names: ['electron', 'react', 'react-dom', 'lightweight-charts'],
    patterns: ['**/main/**', '**/renderer/**', '**/preload/**'],
    message: 'workers/ expose core/ through comlink; they import no Electron, UI or main-process code (DESIGN.md).',
  }),
  // main/services, main/server, main/cli: everything but Electron and the UI.
  layer(['main/services/**/*.ts', 'main/server/**/*.ts', 'main/cli/**/*.ts'], {
    names: ['electron', 'react', 'react-dom', 'lightweight-charts'],
    patterns: ['**/renderer/**', '**/preload/**', '**/main/electron/**'],
    message: 'Only main/electron/ and preload/ import electron; services, bridge and CLI import no UI code (DESIGN.md).',
  }),
  layer(['main/services/**/*.ts'], {
    names: ['electron', 'react', 'react-dom', 'lightweight-charts'],
    patterns: ['**/renderer/**', '**/preload/**', '**/main/electron/**', '**/main/server/**', '**/main/cli/**'],
    message: 'main/services/ is the layer below the transports: it imports core/ and workers/ only (DESIGN.md).',
  }),
  // preload/: electron and the contract.
  layer(['preload/**/*.ts'], {
    names: [...nodeBuiltins, 'react', 'react-dom'],
    patterns: ['**/main/**', '**/workers/**', '**/renderer/**'],
    message: 'preload/ imports only electron and core/contract (DESIGN.md).',
  }),
  // renderer/: the typed API only — no electron, no Node, no main or workers, and of core/ only the contract.
  layer(['renderer/**/*.{ts,tsx}'], {
    names: [...nodeBuiltins, 'electron', 'better-sqlite3', 'comlink', 'ws', 'onnxruntime-node'],
    patterns: ['**/main/**', '**/workers/**', '**/preload/**'],
    regexes: ['(^|/)core/(?!contract/)'],
    message: 'renderer/ talks only to the typed API (renderer/api.ts); it may import core/contract types and schemas, nothing from main/, workers/, electron or node:* (DESIGN.md).',
  }),
);
