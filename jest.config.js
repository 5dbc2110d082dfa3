/** One jest run for every suite; each project keeps its own environment. */
module.exports = {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/tests/summary-reporter.js'],
  projects: [
    {
      displayName: 'emulator',
      testEnvironment: 'node',
      roots: ['<rootDir>/emulator'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
    },
  ],
};
