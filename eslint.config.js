import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  // Stage boundaries: the origin (Node) and the page (player, analyzer, app) meet only through
  // src/timecode and src/shared; those two import neither side nor Node (src/cli holds the
  // Node-only command-line helpers). Tools that drive both (measure,
  // bench, e2e) may import from either.
  {
    files: ['src/origin/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/app/**', '**/player/**', '**/analyzer/**', '**/measure/**'], message: 'The origin imports nothing from the page or the tools; share through src/shared or src/timecode.' }] }] },
  },
  {
    files: ['src/app/**/*.{ts,tsx}', 'src/player/**/*.{ts,tsx}', 'src/analyzer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'], // unit tests run in Node
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/origin/**', '**/measure/**', '**/cli/**', 'node:*'], message: 'The page imports nothing from the origin, the tools or Node; share through src/shared or src/timecode.' }] }] },
  },
  {
    files: ['src/timecode/**/*.{ts,tsx}', 'src/shared/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'], // unit tests run in Node
    // Both sides run this code, the page included: no Node module (Node-only CLI helpers live in src/cli).
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/origin/**', '**/app/**', '**/player/**', '**/analyzer/**', '**/measure/**', '**/cli/**', 'node:*'], message: 'src/timecode and src/shared are shared by both sides (the page too): they import neither side, no CLI helper and no node: module.' }] }] },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `any` is allowed only with an eslint-disable comment that says why.
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
);
