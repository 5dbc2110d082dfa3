/**
 * "Now" for a function call. CloudBase never sets TCB_EMULATOR_NOW, so in production this is the
 * real clock; the local CloudBase sets it per invocation when a test or script moves its clock
 * (emulator/src/clock.ts), so deadlines, windows and terms can be tested at a fixed time.
 */
export function functionNow(): Date {
  const fake = Number(process.env.TCB_EMULATOR_NOW);
  return Number.isFinite(fake) && fake > 0 ? new Date(fake) : new Date();
}
