// ESLint (flat config): the recommended rules plus a few that catch real
// bugs (loose equality, self-comparison, loops whose condition never changes,
// callbacks that forget to return, `throw` of a non-Error) and the ones the
// package's CSP promise needs (no eval, no `new Function`). Run by
// `npm test` (layer "lint: eslint and tsc --checkJs") or `npx eslint .`.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/', 'target/', 'node_modules/', 'test-artifacts/', '.data/'] },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      // The package runs in browsers and Node; tests hand closures to the page.
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'array-callback-return': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-self-compare': 'error',
      'no-template-curly-in-string': 'error',
      'no-throw-literal': 'error',
      'no-unmodified-loop-condition': 'error',
      'no-unreachable-loop': 'error',
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none', ignoreRestSiblings: true }],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    // Values the SDK page test keeps on the page's `window` for its closures.
    files: ['tests/browser/sdk.test.mjs', 'tests/browser/sdk-soak.test.mjs'],
    languageOptions: { globals: { client: 'readonly', errors: 'readonly' } },
  },
];
