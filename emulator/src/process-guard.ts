/**
 * Last line of defence for a long-running emulator process (the CLI and `npm start`): a promise
 * rejection nobody handled is logged instead of ending the process, so one bad request cannot stop
 * the local CloudBase for everyone. Every known source handles its own failures; a line from here is
 * a bug to fix at its source. Uncaught exceptions still end the process: state after one is unknown.
 */
export function keepRunningOnUnhandledRejection(log: (line: string) => void): void {
  process.on('unhandledRejection', (reason) => {
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    log(`[emulator] BUG: unhandled promise rejection (the emulator keeps running): ${text}`);
  });
}
