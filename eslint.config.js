// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  // The infra fixtures are deliberately broken code the infra checks must reject.
  { ignores: ['dist/**', 'node_modules/**', '.scratch/**', 'test/infra/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Settings are read only through shared/config/registry.ts, so infra checks can see every one.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through shared/config/registry.ts.' },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      // shared/ is the runtime-agnostic core: the Functions SDKs belong in functions/ only.
      'no-restricted-imports': [
        'error',
        {
          paths: ['@azure/functions', 'durable-functions'],
          patterns: ['@azure/functions/*', 'durable-functions/*'],
        },
      ],
    },
  },
  {
    files: ['shared/config/registry.ts', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The local Functions host builds the app's environment (like Core Tools): it reads its own process
    // environment here, never settings for app code, which still go through shared/config/registry.ts.
    files: ['local/settings.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
