// Shared Jest settings: tests run from TypeScript sources through swc, with
// decorator metadata (type-graphql and TypeORM need it), and `@ceg/*` imports
// mapped to the projects' sources so that no build is needed before testing.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias}$`] = path.join(__dirname, target);
}

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Integration suites start a whole graph (and migrate MySQL databases) in their hooks.
  testTimeout: 60_000,
  setupFiles: [path.join(__dirname, 'tools/jest-setup.js')],
};
