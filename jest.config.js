/** One jest run for every suite; each project keeps its own environment. */
const os = require('node:os');

const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }];

module.exports = {
  testTimeout: 60000,
  // Two suites at a time even on two cores: jest's default (cores - 1) runs them one by one there,
  // and a suite (test code, local CloudBase, function threads, one call at a time) keeps about one
  // core busy, so the second core sat mostly idle.
  maxWorkers: Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) - 1),
  reporters: ['default', '<rootDir>/tests/summary-reporter.js'],
  globalSetup: '<rootDir>/tests/global-setup.js',
  testSequencer: '<rootDir>/tests/sequencer.js',
  projects: [
    // The local CloudBase package (emulator/) with its own config: its tests and its example project's.
    '<rootDir>/emulator',
    {
      displayName: 'shared',
      testEnvironment: 'node',
      roots: ['<rootDir>/src/shared'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      displayName: 'functions',
      testEnvironment: 'node',
      roots: ['<rootDir>/cloudfunctions', '<rootDir>/tests/functions'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      // Boundaries over the source text (labels in one place, storage behind repositories and services).
      displayName: 'architecture',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/architecture'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      displayName: 'demo',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/demo'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      displayName: 'dev',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/dev'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      // The mini-program's own code (src/shared has its project above).
      displayName: 'app',
      testEnvironment: 'node',
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/src/shared/'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      // Pages of the compiled weapp build (dist/) under miniprogram-simulate.
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      // The emulator runs in the same test process: resolve packages as node does, not as a browser.
      testEnvironmentOptions: { customExportConditions: ['node', 'require', 'default'] },
      roots: ['<rootDir>/tests/miniprogram'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
    {
      // Journeys in Chromium on the h5 build, served by the local demo server.
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/browser'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
    },
  ],
};
