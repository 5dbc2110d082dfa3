import { contracts, type FunctionName } from '../../src/shared/contract';
import type { ActionSpec } from '../../src/shared/contract/define';
import type { Role } from '../../src/shared/model';
import { demoCollections, generateDemoData, DEMO_SEED, type DemoData } from '../../scripts/demo/generate';
import { startApp, type App } from '../../tests/functions/harness';
import { sampleInputs } from '../../tests/functions/sample-inputs';
import { seedWorld, type World } from '../../tests/functions/world';
import { percentile } from '../lib/timing';
import type { Column } from '../lib/table';
import type { Suite } from './types';

/**
 * Every user action at two sizes of community: the demo community, and MULTIPLE copies of it
 * (buildings, roster, members, users, entries and the maintenance leftovers all grow by MULTIPLE).
 * Per action and role: DbRead/DbWrite and documents examined per call (the emulator's metering) and
 * latency, and examinedRatio = examined at the large size / at the demo size. An action that reads
 * only what it needs examines the same at both sizes (ratio 1); a scan grows with the community.
 *
 * The actions, roles and inputs come from the contracts and tests/functions/sample-inputs.ts (the
 * scan guard's table): a new action is measured as soon as it has a sample input. Each call runs on
 * a fresh small world (tests/functions/world.ts) on top of the community, removed after the call,
 * so a mutating action (submit, review, bind ...) measures its success path every time.
 */
const MULTIPLE = 10;
const QUICK_MULTIPLE = 2;
/** Calls per action and role; admin reports cost more and vary less. */
const CALLS = { user: 10, admin: 3, quick: 1 };
/** The target for what a student, member or counselor does: examined grows at most this much. */
const TARGET_RATIO = 1.2;
const SEED_BATCH = 1000;
const USER_ROLES: readonly Role[] = ['guest', 'student', 'member', 'counselor'];

interface Measure {
  n: number;
  outcomes: string[];
  reads: number;
  writes: number;
  examined: number;
  /** What the requests selected (returned, counted, matched, changed): examined above it is a scan. */
  selected: number;
  p50Ms: number;
  p95Ms: number;
}

interface Row {
  action: string;
  role: Role;
  /** `user`: a guest, student, member or counselor may take it; `admin`: admin only. */
  audience: 'user' | 'admin';
  demo: Measure;
  large: Measure;
  /** examined(large) / examined(demo); null when the demo size examined nothing but the large one did. */
  examinedRatio: number | null;
  flagged: boolean;
}

/**
 * Copy `k` of the demo data: every document id, and every string that refers to one, gets the suffix
 * `_c<k>` (ids allow only letters, digits, _ and -), and the unique openids and student numbers too, so copies live side by side.
 */
function copyOf(data: DemoData, k: number): [string, object[]][] {
  const collections = demoCollections(data);
  if (k === 0) return collections;
  const ids = new Set<string>();
  for (const [, docs] of collections) for (const d of docs as Array<{ _id: string }>) ids.add(d._id);
  const suffix = `_c${k}`;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return ids.has(v) ? v + suffix : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([key, x]) => [key, walk(x)]));
    }
    return v;
  };
  return collections.map(([name, docs]) => [
    name,
    docs.map((d) => {
      const copy = walk(d) as Record<string, unknown>;
      if (typeof copy.openid === 'string') copy.openid += suffix;
      if (typeof copy.studentNo === 'string') copy.studentNo += suffix;
      return copy;
    }),
  ]);
}

/** The community `multiple` times over, plus the leftovers the nightly sweep looks through. */
async function seedCommunity(app: App, multiple: number, log: (line: string) => void): Promise<{ ms: number; docs: number }> {
  const t0 = Date.now();
  let docs = 0;
  const add = async (name: string, list: object[]) => {
    for (let i = 0; i < list.length; i += SEED_BATCH) await app.db.collection(name).add(list.slice(i, i + SEED_BATCH));
    docs += list.length;
  };
  const data = generateDemoData({ seed: DEMO_SEED });
  const past = new Date(Date.now() - 3 * 86_400_000);
  for (let k = 0; k < multiple; k += 1) {
    for (const [name, list] of copyOf(data, k)) await add(name, list);
    await add('rate_limits', Array.from({ length: 300 }, (_, i) => ({ _id: `view:fresh${i}_c${k}`, refilledAt: Date.now() + 3_600_000 })));
    await add('activity_codes', Array.from({ length: 300 }, (_, i) => ({ _id: `LIVE${i}X${k}`, activityId: 'demo', phase: 'in', expiresAt: new Date(Date.now() + 86_400_000) })));
    await add('exports', Array.from({ length: 100 }, (_, i) => ({ _id: `x${i}_c${k}`, fileID: `cloud://local-dev/exports/fresh${i}-${k}.xlsx`, creatorOpenid: 'nobody', createdAt: new Date() })));
    await add('audit', Array.from({ length: 300 }, (_, i) => ({ _id: `a${i}_c${k}`, action: 'seed', actor: 'nobody', target: { kind: 'user', id: `u${i}` }, at: past })));
    log(`  copy ${k + 1}/${multiple}: ${docs} documents, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { ms: Date.now() - t0, docs };
}

const actions = (Object.keys(contracts) as FunctionName[]).flatMap((fn) =>
  Object.entries(contracts[fn] as Record<string, ActionSpec>).map(([action, spec]) => [fn, action, spec] as const),
);

/** Every allowed role of every action, with its number of calls. */
function plan(quick: boolean) {
  return actions.flatMap(([fn, action, spec]) =>
    spec.roles.map((role) => ({ fn, action, role, audience: spec.roles.some((r) => USER_ROLES.includes(r)) ? ('user' as const) : ('admin' as const) })),
  ).map((p) => ({ ...p, calls: quick ? CALLS.quick : p.role === 'admin' ? CALLS.admin : CALLS.user }));
}

let worlds = 0;

/**
 * Removes the documents `seedWorld` wrote, so the hundreds of small worlds do not pile up into a
 * community of their own and dilute the difference between the two sizes. (What the actions
 * themselves created stays: the same at both sizes.)
 */
async function removeWorld(app: App, w: World, tag: string): Promise<void> {
  const _ = app.db.command;
  const docs: Record<string, string[]> = {
    communities: [`${w.a.communityId}${tag}`],
    buildings: [w.a._id, w.b._id],
    rooms: [w.roomA._id, w.roomB._id],
    plaques: [w.roomA.plaqueCode, w.roomB.plaqueCode],
    roster: [w.memberRoster._id, w.studentRoster._id, w.freeRoster._id],
    members: [w.member._id, w.neighbour._id],
    users: Object.values(w.users).map((u) => u._id),
    feedback: [w.feedbackId],
    invites: [w.inviteCode],
    volunteer_entries: [w.entries.draft._id, w.entries.pending._id],
    activities: [w.activity._id],
    activity_codes: [w.activityCode],
  };
  for (const [name, ids] of Object.entries(docs)) await app.db.collection(name).where({ _id: _.in(ids) }).remove();
}

async function measureSize(multiple: number, quick: boolean, log: (line: string) => void) {
  const app = await startApp();
  try {
    const seeded = await seedCommunity(app, multiple, log);
    log(`size x${multiple}: ${seeded.docs} documents seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
    // Loads each function's bundle once, so the first measured call is not a cold start.
    for (const fn of Object.keys(contracts) as FunctionName[]) await app.call('bench-warmup', fn, Object.keys(contracts[fn])[0] as never, {} as never);
    const results = new Map<string, Measure>();
    for (const p of plan(quick)) {
      const times: number[] = [];
      const outcomes = new Set<string>();
      let reads = 0;
      let writes = 0;
      let examined = 0;
      let selected = 0;
      for (let i = 0; i < p.calls; i += 1) {
        // Numeric tags: the world's invite code is built from it.
        const tag = String((worlds += 1));
        const w = await seedWorld(app, tag);
        const input = (sampleInputs(w)[p.fn] as Record<string, unknown>)[p.action];
        const t0 = process.hrtime.bigint();
        const reply = await app.call(w.openids[p.role], p.fn, p.action as never, input as never);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        outcomes.add(reply.ok ? 'ok' : reply.error.code);
        const meter = app.meterOf(reply.invocationId);
        reads += meter?.reads ?? 0;
        writes += meter?.writes ?? 0;
        examined += meter?.docsExamined ?? 0;
        selected += (meter?.requests ?? []).reduce((sum, r) => sum + r.matched, 0);
        await removeWorld(app, w, tag);
      }
      times.sort((a, b) => a - b);
      results.set(`${p.fn}.${p.action}|${p.role}`, {
        n: p.calls, outcomes: [...outcomes], reads: reads / p.calls, writes: writes / p.calls, examined: examined / p.calls, selected: selected / p.calls,
        p50Ms: percentile(times, 50), p95Ms: percentile(times, 95),
      });
    }
    return { seeded, results };
  } finally {
    await app.stop();
  }
}

export const scaleSuite: Suite = {
  name: 'scale',
  description: `every action at the demo size and at ${MULTIPLE}x: reads, writes, documents examined, latency, examined ratio`,
  async run(ctx) {
    const multiple = ctx.quick ? QUICK_MULTIPLE : MULTIPLE;
    ctx.log('demo size');
    const demo = await measureSize(1, ctx.quick, ctx.log);
    ctx.log(`${multiple}x size`);
    const large = await measureSize(multiple, ctx.quick, ctx.log);
    const rows: Row[] = plan(ctx.quick).map((p) => {
      const key = `${p.fn}.${p.action}|${p.role}`;
      const d = demo.results.get(key)!;
      const l = large.results.get(key)!;
      const examinedRatio = d.examined > 0 ? l.examined / d.examined : l.examined > 0 ? null : 1;
      const flagged = p.role !== 'admin' && (examinedRatio === null || examinedRatio > TARGET_RATIO);
      return { action: `${p.fn}.${p.action}`, role: p.role, audience: p.audience, demo: d, large: l, examinedRatio, flagged };
    });
    const flagged = rows.filter((r) => r.flagged);
    const x = `@${multiple}x`;
    const columns: Column[] = [
      { key: 'action', title: 'action' },
      { key: 'role', title: 'role' },
      { key: 'outcome', title: 'outcome' },
      { key: 'n', title: 'n' },
      { key: 'reads', title: 'reads', decimals: 1 },
      { key: 'writes', title: 'writes', decimals: 1 },
      { key: 'exD', title: 'examined@1x', decimals: 1 },
      { key: 'exL', title: `examined${x}`, decimals: 1 },
      { key: 'selL', title: `selected${x}`, decimals: 1 },
      { key: 'delta', title: 'Δexamined', decimals: 1 },
      { key: 'ratio', title: 'ratio' },
      { key: 'p50D', title: 'p50 ms@1x', decimals: 1 },
      { key: 'p95D', title: 'p95 ms@1x', decimals: 1 },
      { key: 'p50L', title: `p50 ms${x}`, decimals: 1 },
      { key: 'p95L', title: `p95 ms${x}`, decimals: 1 },
    ];
    const seedNote = `Seeded: demo ${demo.seeded.docs} documents in ${(demo.seeded.ms / 1000).toFixed(1)} s; ${multiple}x ${large.seeded.docs} documents in ${(large.seeded.ms / 1000).toFixed(1)} s.`;
    return {
      table: {
        title: `scale: every action at the demo size and at ${multiple}x${ctx.quick ? ' (QUICK run)' : ''}`,
        columns,
        rows: rows.map((r) => ({
          action: r.action,
          role: r.role === 'admin' && r.audience === 'admin' ? 'admin (only)' : r.role,
          outcome: [...new Set([...r.demo.outcomes, ...r.large.outcomes])].join('/'),
          n: r.demo.n,
          reads: r.large.reads,
          writes: r.large.writes,
          exD: r.demo.examined,
          exL: r.large.examined,
          selL: r.large.selected,
          delta: r.large.examined - r.demo.examined,
          ratio: `${r.examinedRatio === null ? 'inf' : r.examinedRatio.toFixed(2)}${r.flagged ? ' !' : ''}`,
          p50D: r.demo.p50Ms,
          p95D: r.demo.p95Ms,
          p50L: r.large.p50Ms,
          p95L: r.large.p95Ms,
        })),
        notes: [
          'Per function call, from the emulator metering of that invocation; reads/writes shown at the large size.',
          `ratio = documents examined at ${multiple}x / at the demo size. Target: at most ${TARGET_RATIO} for every action a guest, student, member or counselor takes ("!" marks one over it); admin rows state their cost.`,
          seedNote,
          flagged.length ? `Over the target: ${flagged.map((r) => `${r.action} (${r.role})`).join(', ')}.` : `Every non-admin action is within the target.`,
        ],
      },
      figures: {
        multiple,
        targetRatio: TARGET_RATIO,
        seeded: { demo: demo.seeded, large: large.seeded },
        flagged: flagged.map((r) => `${r.action} (${r.role})`),
        rows,
      },
    };
  },
};
