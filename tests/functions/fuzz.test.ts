import { z } from 'zod';
import { contracts, type FunctionName } from '../../src/shared/contract';
import { answerableCodes, BASE_ERRORS, type ActionSpec } from '../../src/shared/contract/define';
import { replySchema } from '../../src/shared/envelope';
import { ErrorCode } from '../../src/shared/errors';
import { startApp, type App } from './harness';
import { seedWorld, type World } from './world';

/**
 * A few hundred random payloads per action, as input and as the whole event: every reply is the
 * envelope with a code the action's contract declares, nothing crashes (no INTERNAL), and a refused
 * call stores nothing.
 */
const PER_ACTION = 200;
let app: App;
let world: World;

/** mulberry32: a small seeded PRNG, so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY_STRINGS = ['', ' ', '$where', '__proto__', 'constructor', '../../etc/passwd', '<script>alert(1)</script>', '赌博', '\u0000', '😀'.repeat(50), 'x'.repeat(10_000), "' OR 1=1 --", '{"$gt":""}', 'cloud://x/y.png'];

function randomValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * (depth > 3 ? 6 : 9));
  switch (pick) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return [0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, 7][Math.floor(r() * 7)];
    case 3: return NASTY_STRINGS[Math.floor(r() * NASTY_STRINGS.length)];
    case 4: return Math.floor(r() * 2 ** 52).toString(36).slice(0, 1 + Math.floor(r() * 12));
    case 5: return new Date(Math.floor(r() * 4e12)).toISOString();
    case 6: return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default: return randomObject(r, [], depth + 1);
  }
}

function randomObject(r: () => number, keys: string[], depth = 0): Record<string, unknown> {
  const pool = [...keys, ...keys, '$set', '__proto__', 'openid', 'role', '_id', 'extra', 'action', 'input'];
  const out: Record<string, unknown> = {};
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i += 1) out[pool[Math.floor(r() * pool.length)]] = randomValue(r, depth);
  return out;
}

const shapeKeys = (schema: z.ZodTypeAny): string[] => (schema instanceof z.ZodObject ? Object.keys(schema.shape) : []);
const Envelope = replySchema(z.unknown());
const REFUSALS: string[] = ['INVALID_INPUT', 'UNKNOWN_ACTION', 'NOT_BOUND', 'FORBIDDEN', 'UNAUTHENTICATED'];

beforeAll(async () => {
  app = await startApp();
  world = await seedWorld(app);
});
afterAll(() => app.stop());

/** The codes a call can answer: its action's declared ones, or the base ones when there is no such action. */
function declaredCodes(fn: FunctionName, event: unknown): ReadonlySet<string> {
  const name = (event as { action?: unknown } | null)?.action;
  const specs = contracts[fn] as Record<string, ActionSpec>;
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(specs, name) ? answerableCodes(specs[name]) : new Set(BASE_ERRORS);
}

async function check(fn: FunctionName, event: unknown, openid: string) {
  const result = await app.emu.functions.invoke(fn, event, { openid });
  if (!result.ok) throw new Error(`${fn} crashed on ${JSON.stringify(event).slice(0, 200)}: ${JSON.stringify(result.failure)}`);
  const reply = Envelope.parse(result.result);
  if (!reply.ok) {
    expect(ErrorCode.options).toContain(reply.error.code);
    expect([...declaredCodes(fn, event)]).toContain(reply.error.code);
    expect([reply.error.code, JSON.stringify(event).slice(0, 200)]).not.toEqual(['INTERNAL', expect.anything()]);
    if (REFUSALS.includes(reply.error.code)) expect(app.meterOf(result.invocationId)?.writes ?? 0).toBe(0);
  }
  return reply;
}

const actions = (Object.keys(contracts) as FunctionName[]).flatMap((fn) => Object.keys(contracts[fn]).map((action) => [fn, action] as const));

describe('fuzz', () => {
  it.each(actions)('%s.%s: random inputs get structured errors and store nothing', async (fn, action) => {
    const r = rng(fn.length * 1000 + action.length * 7 + action.charCodeAt(0));
    const keys = shapeKeys((contracts[fn] as Record<string, { input: z.ZodTypeAny }>)[action].input);
    const openids = [world.openids.admin, world.openids.guest, world.openids.member, world.openids.counselor];
    const jobs = Array.from({ length: PER_ACTION }, (_, i) => {
      const input = r() < 0.8 ? randomObject(r, keys) : randomValue(r);
      return () => check(fn, { action, input }, openids[i % openids.length]);
    });
    for (let i = 0; i < jobs.length; i += 8) await Promise.all(jobs.slice(i, i + 8).map((j) => j()));
  });

  it('random whole events get structured errors', async () => {
    const r = rng(42);
    for (const fn of Object.keys(contracts) as FunctionName[]) {
      for (let i = 0; i < 50; i += 1) {
        const event = r() < 0.5 ? randomValue(r) : randomObject(r, ['action', 'input']);
        const reply = await check(fn, event, world.openids.admin);
        expect(reply.ok).toBe(false);
      }
    }
  });
});
