import { collections, startTestEmulator, type TestEmulator } from './helpers';
import { FIXTURE_FUNCTIONS, callAs, signIn } from './functions-helpers';

let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS, schema: collections('notes') });
});

afterAll(async () => {
  await emu.cleanup();
});

/** Polls until `check` passes; the un-awaited write lands a moment after the reply. */
async function eventually(check: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

test('database calls made by a function are billed to its invocation, un-awaited ones included', async () => {
  const [alice, bob] = await Promise.all([signIn(emu, 'o-alice'), signIn(emu, 'o-bob')]);
  const [a, b] = await Promise.all([
    callAs(emu, alice, 'notes', { text: 'from alice' }),
    callAs(emu, bob, 'notes', { text: 'from bob' }),
  ]);
  expect(a.body.result).toEqual({ count: 1 });
  expect(b.body.result).toEqual({ count: 1 });
  for (const reply of [a, b]) {
    await eventually(() => {
      const meter = emu.metering.getInvocation(reply.body.requestID);
      expect(meter).toMatchObject({ functionName: 'notes', reads: 1, writes: 2 });
      expect(meter?.byCollection.notes).toMatchObject({ reads: 1, writes: 2 });
    });
  }
});
