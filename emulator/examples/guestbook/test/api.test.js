/**
 * The same project started from code instead of the bin: `cloudbase-local`'s public API, and
 * `cloudbase-local/testing` for a throwaway emulator per suite.
 */
const path = require('node:path');
const { loadSchema } = require('cloudbase-local');
const { sdkFor, startTestEmulator } = require('cloudbase-local/testing');

const functionsDir = path.join(__dirname, '..', 'cloudfunctions');
let emu;

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir, schema: loadSchema(path.join(functionsDir, 'database.json')) });
});
afterAll(() => emu.cleanup());

describe('the guestbook through the public API', () => {
  it('runs the functions with the schema\'s index, and meters what each call read and wrote', async () => {
    const app = sdkFor(emu);
    for (const text of ['a', 'b', 'c']) await app.callFunction({ name: 'guestbook', data: { action: 'sign', text } });
    const before = emu.metering.snapshot().byCollection.entries;
    const { result } = await app.callFunction({ name: 'guestbook', data: { action: 'list', limit: 2 } });
    expect(result.items.map((e) => e.text)).toEqual(['c', 'b']);
    expect(result.total).toBe(3);
    // Two billed reads (the page and the count); the page, served by `by_created`, examines only what it returns.
    const after = emu.metering.snapshot().byCollection.entries;
    const delta = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
    expect(delta).toMatchObject({ reads: 2, writes: 0, docsRead: 2, docsExamined: 2 });
  });
});
