// Lint: typescript-eslint's recommended rules, and Nx's module boundaries:
// apps import libs only, libs import libs only, e2e tests may import apps.
const nx = require('@nx/eslint-plugin');

const boundaries = (allow) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow,
    depConstraints: [
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
    ],
  },
];

module.exports = [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', 'schema/**', 'data/**', '.nx/**'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The end-to-end suites start the real apps; nothing else may import an app.
  {
    files: ['apps/e2e/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['@ceg/gateway', '@ceg/libraries', '@ceg/feedback', '@ceg/programs', '@ceg/partners', '@ceg/diversity-metrics']) },
  },
];
