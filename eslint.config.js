// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'packages/db/src/database.types.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-cycle': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Import boundaries (DESIGN.md): web never imports db or server; packages never import server or web;
    // authz and domain are pure (no I/O).
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@mandate/db', '@mandate/db/*', '@mandate/server', '@mandate/server/*', 'kysely', 'pg', '@electric-sql/*', '../../server/*', '**/server/src/**', '**/packages/db/**'], message: 'web never imports db or server (DESIGN.md)' },
        { group: ['@mandate/domain/working-days'], message: 'working days carry the holiday tables of every country (~240 kB gzipped): the server computes deadlines and sends them' },
        { group: ['@mantine/core'], importNames: ['Modal'], message: 'a dialog is components/dialog.tsx, which gives focus back to what opened it' },
      ] }],
    },
  },
  {
    files: ['packages/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@mandate/server', '@mandate/server/*', '@mandate/web', '@mandate/web/*', '**/server/src/**', '**/web/src/**'], message: 'packages never import server or web' },
      ] }],
    },
  },
  {
    files: ['packages/authz/**/*.ts', 'packages/domain/**/*.ts', 'packages/contracts/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@mandate/db', '@mandate/db/*', '@mandate/server', '@mandate/server/*', 'kysely', 'pg', 'node:*', 'fs', 'path'], message: 'authz, domain and contracts are pure: no I/O' },
      ] }],
    },
  },
  {
    files: ['server/src/modules/**/*.routes.ts', 'server/src/modules/**/*.service.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['kysely'], importNames: ['sql'], message: 'Only repo files build SQL (DESIGN.md convention 5)' },
      ] }],
    },
  },
);
