/**
 * The package's own tests (`npm test -w cloudbase-local`, or `npx jest` here): the emulator's suites in
 * test/ and each example project's suites in examples/<name>/test/. The repository's root jest run
 * takes this file as its "emulator" project, so one run covers both.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' } } }];

module.exports = {
  displayName: 'emulator',
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/test', '<rootDir>/examples'],
  testMatch: ['**/*.test.ts', '**/*.test.js'],
  testPathIgnorePatterns: ['/node_modules/', '/fixtures/'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-timeout.js'],
  transform: { '^.+\\.(t|j)sx?$': swc },
};
