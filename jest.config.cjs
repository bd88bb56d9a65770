// LWC Jest runs on the TypeScript sources in lwc-ts/, not on the compiled bundles, so coverage and
// stack traces point at the code people edit.
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  resolver: '<rootDir>/jest.resolver.cjs',
  roots: ['<rootDir>/lwc-ts'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv ?? []), '<rootDir>/jest.setup.cjs'],
  collectCoverageFrom: ['lwc-ts/**/*.ts', '!lwc-ts/**/__tests__/**', '!lwc-ts/**/*.d.ts'],
  coverageDirectory: '<rootDir>/coverage/lwc',
  coverageReporters: ['text-summary', 'lcov', 'cobertura'],
  coverageThreshold: { global: { lines: 90 } }
};
