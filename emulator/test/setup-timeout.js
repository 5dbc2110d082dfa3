// Suites start emulators and function workers: 60 s a test, whether jest runs this package alone or
// as a project of the repository's run (where `testTimeout` is a global option only).
jest.setTimeout(60000);
