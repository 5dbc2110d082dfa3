import { contracts, type FunctionName } from '../../src/shared/contract';
import { answerableCodes, type ActionSpec } from '../../src/shared/contract/define';
import { Role } from '../../src/shared/model';
import { startApp, type App } from './harness';
import { sampleInputs } from './sample-inputs';
import { seedWorld } from './world';
import { worldPool } from './world-pool';

/**
 * Every action x every role: an allowed role gets through the gate (success, or a business answer),
 * any other role is refused with FORBIDDEN (or NOT_BOUND for a guest), and every refusal is a code
 * the action's contract declares. One valid input per action (sample-inputs.ts).
 */
let app: App;
// A world per call that stores something (unbind, redeemInvite and others change who is who); a
// refusal or a read leaves the world as seeded, and the next case uses it (world-pool.ts).
const worlds = worldPool(() => app, (tag) => seedWorld(app, tag));

const GATE_CODES = ['FORBIDDEN', 'NOT_BOUND', 'UNKNOWN_ACTION', 'INVALID_INPUT', 'INTERNAL', 'UNAUTHENTICATED'];

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  console.log(`role x action matrix: ${cases.length} cases on ${worlds.seeded} worlds`);
  await app.stop();
});

const cases = (Object.keys(contracts) as FunctionName[]).flatMap((fn) =>
  Object.entries(contracts[fn] as Record<string, ActionSpec>).flatMap(([action, spec]) =>
    Role.options.map((role) => [fn, action, role, spec.roles.includes(role)] as const),
  ),
);

describe('role x action matrix', () => {
  it.each(cases)('%s.%s as %s (allowed: %s)', async (fn, action, role, allowed) => {
    const spec = (contracts[fn] as Record<string, ActionSpec>)[action];
    const world = await worlds.world();
    const input = (sampleInputs(world)[fn] as Record<string, unknown>)[action];
    const reply = await worlds.use(() => app.call(world.openids[role], fn, action as never, input as never));
    if (!reply.ok) expect([...answerableCodes(spec)]).toContain(reply.error.code);
    if (allowed) {
      if (!reply.ok) expect(GATE_CODES).not.toContain(reply.error.code);
    } else {
      expect(reply).toMatchObject({ ok: false, error: { code: role === 'guest' ? 'NOT_BOUND' : 'FORBIDDEN' } });
      // A refusal stores nothing (so the next case meets the world as seeded).
      expect(app.meterOf(reply.invocationId)?.writes ?? 0).toBe(0);
    }
  });

  it('covers every action of every function', async () => {
    const world = await seedWorld(app, '99999');
    for (const fn of Object.keys(contracts) as FunctionName[]) {
      expect(Object.keys(sampleInputs(world)[fn]).sort()).toEqual(Object.keys(contracts[fn]).sort());
    }
  });
});
