// ESLint flat config. Run with `npm run lint` (`eslint . --max-warnings 0`): a warning fails too.
//
// - TypeScript is linted with type information (typescript-eslint `projectService`: each file is
//   checked against its nearest tsconfig.json, so src/core without DOM types, cli/ with Node's).
// - JavaScript (.mjs scripts, configs) gets the untyped rules. `no-undef` is off: TypeScript
//   reports unknown names in .ts files and in .mjs files that opt in with `// @ts-check`.
// - A boundary rule keeps src/core pure: no UI, no framework, no storage, no browser libraries.
// - Focused or skipped tests (`it.only`, `describe.skip`...) never reach the main branch.
import { builtinRules } from 'eslint/use-at-your-own-risk';
import { defineConfig, globalIgnores } from 'eslint/config';
import astro from 'eslint-plugin-astro';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs'];
const TEST_FILES = ['tests/**', '**/*.test.*', '**/*.spec.*', 'bench/**'];

// ESLint's own "recommended" set, read from the installed ESLint (same list as @eslint/js
// `configs.recommended`), so the project needs no extra package for it. (`builtinRules` is marked
// deprecated; if it goes, add @eslint/js and use `js.configs.recommended` instead.)
const eslintRecommended = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended === true).map(([name]) => [name, 'error']),
);

/** What src/core may not import, and why. Paths are matched as written in the import. */
const coreBoundary = [
  {
    regex: '^(preact|astro|@astrojs|localforage|chart\\.js)([/:].*)?$',
    message:
      'src/core is framework- and storage-free (see src/core/README.md): pass data in, keep UI and storage in src/islands and src/storage.',
  },
  {
    regex: '(^|/)(storage|islands|components|pages|layouts)(/|$)',
    message:
      'src/core must not depend on src/storage, src/islands, src/components or src/pages: the dependency goes the other way.',
  },
  {
    regex: '^node:',
    message: 'src/core also runs in the browser: no Node built-ins (the CLI passes files and text in).',
  },
];

const noFocusMessage = 'No focused or skipped tests on the main branch (use `it.todo` for a test still to write).';
const focusedOrSkippedTest = [
  // vitest and node:test: `it.only(...)`, `describe.skip(...)`, `test.concurrent.only(...)`.
  {
    selector:
      'MemberExpression[property.name=/^(only|skip)$/]:matches([object.name=/^(describe|suite|it|test|bench)$/], [object.object.name=/^(describe|suite|it|test|bench)$/])',
    message: noFocusMessage,
  },
  // node:test options: `it('...', { only: true }, fn)`, `{ skip: true }`.
  {
    selector:
      'CallExpression[callee.name=/^(describe|suite|it|test)$/] > ObjectExpression > Property[key.name=/^(only|skip)$/]',
    message: noFocusMessage,
  },
];

export default defineConfig([
  globalIgnores([
    'dist/',
    '.astro/',
    'node_modules/',
    'coverage/',
    'bench/out/',
    'tests/browser/out/',
    'package-lock.json',
  ]),

  {
    name: 'phieu/all',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    rules: {
      ...eslintRecommended,
      'no-undef': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'object-shorthand': 'error',
      'no-console': 'off',
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },

  // TypeScript, with type information.
  {
    name: 'phieu/typescript',
    files: TS_FILES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: true },
      ],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // An async implementation of an async interface (the in-memory store) need not await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'suite', 'it', 'test', 'before', 'after'] },
          ],
        },
      ],
    },
  },

  // Astro components: the plugin's parser for the template, TypeScript's (untyped) for the frontmatter
  // and scripts; typed rules need a program that knows .astro files, which `astro check` covers.
  ...astro.configs['flat/recommended'],
  {
    name: 'phieu/astro-untyped',
    files: ['**/*.astro', '**/*.astro/*.ts', '**/*.astro/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },

  // JavaScript: untyped rules (type-checked by `astro check` when the file says `// @ts-check`).
  {
    name: 'phieu/javascript',
    files: JS_FILES,
    extends: [tseslint.configs.disableTypeChecked],
  },

  // The core boundary.
  {
    name: 'phieu/core-boundary',
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: coreBoundary }],
    },
  },

  // Tests and benchmarks.
  {
    name: 'phieu/tests',
    files: TEST_FILES,
    rules: {
      'no-restricted-syntax': ['error', ...focusedOrSkippedTest],
    },
  },
]);
