import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always']
    }
  },
  {
    // The runtime boundary: only the Electron shell may load Electron. Everything else in main is
    // plain Node so it runs in tests without the Electron binary.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/main/index.ts', 'src/main/electron/**', 'src/preload/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src/main/index.ts and src/main/electron/** may import electron.', allowTypeImports: true }]
        }
      ]
    }
  },
  {
    // Shared code runs everywhere (renderer, main, server): no Node built-ins, except in files
    // named *.node.ts, which only Node callers import (src/shared/print/assets.node.ts).
    files: ['src/shared/**/*.ts', 'src/shared/**/*.tsx'],
    ignores: ['src/shared/**/*.node.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'fs', 'path', 'crypto', 'electron'], message: 'src/shared must run in the browser too.' }] }
      ]
    }
  },
  {
    // The renderer has no network and no Node: it talks to main through the bridge only.
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'axios', 'electron', '**/server/**', '**/main/**'], message: 'The renderer reaches the API only through the preload bridge.' }] }
      ]
    }
  },
  {
    files: ['scripts/**', 'bench/**', 'src/server/main.ts', 'src/server/seed/cli.ts', 'src/server/db/migrate.cli.ts'],
    rules: { 'no-console': 'off' }
  }
)
