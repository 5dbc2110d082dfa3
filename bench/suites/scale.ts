import { contracts, type FunctionName } from '../../src/shared/contract';
import type { ActionSpec } from '../../src/shared/contract/define';
import type { Role } from '../../src/shared/model';
import type { BranchDoc, BuildingDoc, GroupDoc } from '../../cloudfunctions/_common/docs';
import { Collections } from '../../cloudfunctions/_common/collections';
import type { UserDoc } from '../../cloudfunctions/_common/repositories/users';
import { demoCollections, generateDemoData, DEMO_SEED, type DemoData } from '../../scripts/demo/generate';
import { DEMO_OPENIDS } from '../../scripts/demo/users';
import { startApp, type App } from '../../tests/functions/harness';
import { sampleInputs } from '../../tests/functions/sample-inputs';
import { seedWorld, type World } from '../../tests/functions/world';
import { schoolPadding, type Padding } from '../lib/school';
import { percentile } from '../lib/timing';
import type { Column } from '../lib/table';
import type { Suite } from './types';

/**
 * Every user action at two sizes: the demo community, and a school (default; `--size school`): 10
 * copies of the demo community (20 buildings), each padded with 10,000 more students in more rooms,
 * 2,000 more members and 50,000 more volunteer entries over the last four terms in every status
 * (bench/lib/school.ts), about 100k students, 20k members and 500k entries in all. `--size 10x` is the
 * bare 10 copies (42k documents). Per action and role: DbRead/DbWrite and documents examined per
 * call (the emulator's metering) and latency, and examinedRatio = examined at the large size / at the
 * demo size. An action that reads only what it needs examines the same at both sizes (ratio 1); a
 * scan grows with the community.
 *
 * The actions, roles and inputs come from the contracts and tests/functions/sample-inputs.ts (the
 * scan guard's table): a new action is measured as soon as it has a sample input. Each call runs on
 * a fresh small world (tests/functions/world.ts) on top of the community, removed after the call,
 * so a mutating action (submit, review, bind ...) measures its success path every time. The world
 * has buildings of its own: what grows per call is what an action reads beyond its own scope
 * (a scan, a global list), not the size of the caller's building.
 */
interface WorldSize {
  name: string;
  copies: number;
  /** Added to every copy; null: the bare demo copies. */
  padding: Padding | null;
}

const DEMO_SIZE: WorldSize = { name: 'demo', copies: 1, padding: null };
export const LARGE_SIZES: Record<string, WorldSize> = {
  school: { name: 'school', copies: 10, padding: { students: 10_000, members: 2_000, entries: 50_000 } },
  '10x': { name: '10x', copies: 10, padding: null },
};
const DEFAULT_SIZE = 'school';
/** `--quick`: the same shape, 2 copies and a tenth of the padding, to check the suite runs. */
const quickOf = (size: WorldSize): WorldSize => ({
  name: `${size.name}, quick`,
  copies: 2,
  padding: size.padding && { students: size.padding.students / 10, members: size.padding.members / 10, entries: size.padding.entries / 10 },
});
/** Calls per action and role; admin reports cost more and vary less. */
const CALLS = { user: 10, admin: 3, quick: 1 };
/** The target for what a student, member or counselor does: examined grows at most this much. */
const TARGET_RATIO = 1.2;
/** The local CloudBase takes at most 1,000 documents per add (as CloudBase does). */
const SEED_BATCH = 1000;
const USER_ROLES: readonly Role[] = ['guest', 'student', 'member', 'counselor'];

interface Measure {
  n: number;
  outcomes: string[];
  reads: number;
  writes: number;
  examined: number;
  /** Index entries read to find the candidates (emulator metering `keysExamined`): far above selected, an index was read whole. */
  keys: number;
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
  /** `world`: a fresh small world's user (what grows is a scan); `own`: a demo user, whose building grows too. */
  caller: 'world' | 'own';
  demo: Measure;
  large: Measure;
  /** examined(large) / examined(demo); null when the demo size examined nothing but the large one did. */
  examinedRatio: number | null;
  /** Some large-size call failed (timeout, memory): its examined, and the ratio, are lower bounds. */
  cutShort: boolean;
  /** examinedRatio <= TARGET_RATIO. */
  meetsTarget: boolean;
  /** The target holds for every role but admin (admin reports state their cost instead). */
  targetApplies: boolean;
  flagged: boolean;
}

/** Collections of the school as a whole (the badge catalogue): seeded once, not per copy. */
const SCHOOL_SINGLETONS: ReadonlySet<string> = new Set([Collections.badgeCatalogue]);

/**
 * Copy `k` of the demo data: every document id, and every string that refers to one, gets the suffix
 * `_c<k>` (ids allow only letters, digits, _ and -), and the unique openids and student numbers too, so copies live side by side.
 */
function copyOf(data: DemoData, k: number): [string, object[]][] {
  const all = demoCollections(data);
  if (k === 0) return all;
  // The school's own settings exist once, whatever its size: copy 0 seeds them; their ids (badge
  // codes, which awards and projections carry) are not rewritten.
  const collections = all.filter(([name]) => !SCHOOL_SINGLETONS.has(name));
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

interface Seeded {
  ms: number;
  docs: number;
  docsPerSecond: number;
  /** Documents per collection once seeded (before any call). */
  collections: Record<string, number>;
}

/**
 * The community `size.copies` times over, each copy with its padding, plus the leftovers the nightly
 * sweep looks through. Through the SDK's add, 1,000 documents a call, one copy at a time (a copy's
 * padding is generated, written and dropped before the next, so memory stays at one copy's worth).
 */
async function seedCommunity(app: App, size: WorldSize, now: Date, data: DemoData, log: (line: string) => void): Promise<Seeded> {
  const t0 = Date.now();
  let docs = 0;
  const add = async (name: string, list: object[]) => {
    for (let i = 0; i < list.length; i += SEED_BATCH) await app.db.collection(name).add(list.slice(i, i + SEED_BATCH));
    docs += list.length;
  };
  const past = new Date(now.getTime() - 3 * 86_400_000);
  for (let k = 0; k < size.copies; k += 1) {
    const copy = copyOf(data, k);
    for (const [name, list] of copy) await add(name, list);
    if (size.padding) {
      const of = <T>(name: string) => copy.find(([n]) => n === name)![1] as T[];
      const places = { buildings: of<BuildingDoc>(Collections.buildings), branches: of<BranchDoc>(Collections.branches), groups: of<GroupDoc>(Collections.groups), users: of<UserDoc>(Collections.users) };
      for (const [name, list] of schoolPadding(places, size.padding, k, now, DEMO_SEED)) await add(name, list);
    }
    await add('rate_limits', Array.from({ length: 300 }, (_, i) => ({ _id: `view:fresh${i}_c${k}`, refilledAt: now.getTime() + 3_600_000 })));
    await add('activity_codes', Array.from({ length: 300 }, (_, i) => ({ _id: `LIVE${i}X${k}`, activityId: 'demo', phase: 'in', expiresAt: new Date(now.getTime() + 86_400_000) })));
    await add('exports', Array.from({ length: 100 }, (_, i) => ({ _id: `x${i}_c${k}`, fileID: `cloud://local-dev/exports/fresh${i}-${k}.xlsx`, creatorOpenid: 'nobody', createdAt: now })));
    await add('audit', Array.from({ length: 300 }, (_, i) => ({ _id: `a${i}_c${k}`, action: 'seed', actor: 'nobody', target: { kind: 'user', id: `u${i}` }, at: past })));
    const s = (Date.now() - t0) / 1000;
    log(`  copy ${k + 1}/${size.copies}: ${docs.toLocaleString('en-US')} documents, ${s.toFixed(1)} s (${Math.round(docs / s).toLocaleString('en-US')} documents/s)`);
  }
  const ms = Date.now() - t0;
  const collections: Record<string, number> = {};
  for (const name of Object.values(Collections)) collections[name] = Number((await app.db.collection(name).count()).total ?? 0);
  return { ms, docs, docsPerSecond: Math.round(docs / (ms / 1000)), collections };
}

const actions = (Object.keys(contracts) as FunctionName[]).flatMap((fn) =>
  Object.entries(contracts[fn] as Record<string, ActionSpec>).map(([action, spec]) => [fn, action, spec] as const),
);

/** Every allowed role of every action, with its number of calls. */
function plan(quick: boolean, only?: string[]) {
  return actions.filter(([fn, action]) => !only || only.includes(`${fn}.${action}`)).flatMap(([fn, action, spec]) =>
    spec.roles.map((role) => ({ fn, action, role, audience: spec.roles.some((r) => USER_ROLES.includes(r)) ? ('user' as const) : ('admin' as const) })),
  ).map((p) => ({ ...p, calls: quick ? CALLS.quick : p.role === 'admin' ? CALLS.admin : CALLS.user }));
}

/**
 * Read-only actions as the demo community's own users (copy 0): 刘静, counselor of 智园1号楼 (`zy1`),
 * and bound demo students and members. At the school size their building holds 5,600 students, 1,075
 * members and about 26,000 entries instead of 600, 75 and 600: these rows show what grows with the
 * caller's own scope, where the world rows show what an action reads beyond it.
 */
function ownPlan(quick: boolean, data: DemoData, only?: string[]) {
  const code = data.rooms.find((r) => r.buildingId === 'zy1')!.plaqueCode;
  const o = DEMO_OPENIDS;
  const list: Array<{ fn: FunctionName; action: string; role: Role; openid: string; input: unknown }> = [
    { fn: 'account', action: 'me', role: 'student', openid: o.student(1), input: {} },
    { fn: 'account', action: 'me', role: 'member', openid: o.member(1), input: {} },
    { fn: 'account', action: 'me', role: 'counselor', openid: o.counselor(1), input: {} },
    { fn: 'plaque', action: 'view', role: 'guest', openid: o.guest, input: { code } },
    { fn: 'plaque', action: 'wall', role: 'guest', openid: o.guest, input: { buildingId: 'zy1', limit: 10 } },
    { fn: 'plaque', action: 'myFeedback', role: 'student', openid: o.student(1), input: {} },
    { fn: 'plaque', action: 'listFeedback', role: 'counselor', openid: o.counselor(1), input: { limit: 5 } },
    { fn: 'plaque', action: 'rooms', role: 'counselor', openid: o.counselor(1), input: { buildingId: 'zy1' } },
    { fn: 'volunteer', action: 'myEntries', role: 'member', openid: o.member(1), input: { limit: 5 } },
    { fn: 'volunteer', action: 'myProgress', role: 'member', openid: o.member(1), input: {} },
    { fn: 'volunteer', action: 'pendingEntries', role: 'counselor', openid: o.counselor(1), input: { limit: 5 } },
    { fn: 'volunteer', action: 'dashboard', role: 'counselor', openid: o.counselor(1), input: {} },
    { fn: 'volunteer', action: 'listActivities', role: 'counselor', openid: o.counselor(1), input: { limit: 5 } },
    { fn: 'volunteer', action: 'exportHours', role: 'counselor', openid: o.counselor(1), input: {} },
  ];
  for (const p of list) if (!(contracts[p.fn] as Record<string, ActionSpec>)[p.action]) throw new Error(`scale: no action ${p.fn}.${p.action}`);
  return list.filter((p) => !only || only.includes(`${p.fn}.${p.action}`)).map((p) => ({ ...p, calls: quick ? CALLS.quick : CALLS.user }));
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

/** One call as a mini-program user; a function failure (timeout, memory, crash) is an outcome too. */
async function invoke(app: App, openid: string, fn: FunctionName, action: string, input: unknown) {
  const result = await app.emu.functions.invoke(fn, { action, input }, { openid });
  if (!result.ok) return { outcome: `FAILED: ${result.failure.kind}`, invocationId: result.invocationId };
  const reply = result.result as { ok: boolean; error?: { code: string } };
  return { outcome: reply.ok ? 'ok' : reply.error?.code ?? 'unknown', invocationId: result.invocationId };
}

async function measureSize(size: WorldSize, now: Date, data: DemoData, quick: boolean, log: (line: string) => void, only?: string[]) {
  const app = await startApp();
  try {
    const seeded = await seedCommunity(app, size, now, data, log);
    log(`size ${size.name}: ${seeded.docs.toLocaleString('en-US')} documents seeded in ${(seeded.ms / 1000).toFixed(1)} s (${seeded.docsPerSecond.toLocaleString('en-US')}/s): ${JSON.stringify(seeded.collections)}`);
    // Loads each function's bundle once, so the first measured call is not a cold start.
    for (const fn of Object.keys(contracts) as FunctionName[]) await app.call('bench-warmup', fn, Object.keys(contracts[fn])[0] as never, {} as never);
    const results = new Map<string, Measure>();
    const t0 = Date.now();
    for (const p of plan(quick, only)) {
      const times: number[] = [];
      const outcomes = new Set<string>();
      let reads = 0;
      let writes = 0;
      let examined = 0;
      let keys = 0;
      let selected = 0;
      for (let i = 0; i < p.calls; i += 1) {
        // Numeric tags: the world's invite code is built from it.
        const tag = String((worlds += 1));
        const w = await seedWorld(app, tag);
        const input = (sampleInputs(w)[p.fn] as Record<string, unknown>)[p.action];
        const t1 = process.hrtime.bigint();
        const reply = await invoke(app, w.openids[p.role], p.fn, p.action, input);
        times.push(Number(process.hrtime.bigint() - t1) / 1e6);
        outcomes.add(reply.outcome);
        const meter = app.meterOf(reply.invocationId);
        reads += meter?.reads ?? 0;
        writes += meter?.writes ?? 0;
        examined += meter?.docsExamined ?? 0;
        keys += meter?.keysExamined ?? 0;
        selected += (meter?.requests ?? []).reduce((sum, r) => sum + r.matched, 0);
        await removeWorld(app, w, tag);
      }
      times.sort((a, b) => a - b);
      results.set(`${p.fn}.${p.action}|${p.role}`, {
        n: p.calls, outcomes: [...outcomes], reads: reads / p.calls, writes: writes / p.calls, examined: examined / p.calls, keys: keys / p.calls, selected: selected / p.calls,
        p50Ms: percentile(times, 50), p95Ms: percentile(times, 95),
      });
    }
    for (const p of ownPlan(quick, data, only)) {
      const times: number[] = [];
      const outcomes = new Set<string>();
      const sum = { reads: 0, writes: 0, examined: 0, keys: 0, selected: 0 };
      for (let i = 0; i < p.calls; i += 1) {
        const t1 = process.hrtime.bigint();
        const reply = await invoke(app, p.openid, p.fn, p.action, p.input);
        times.push(Number(process.hrtime.bigint() - t1) / 1e6);
        outcomes.add(reply.outcome);
        const meter = app.meterOf(reply.invocationId);
        sum.reads += meter?.reads ?? 0;
        sum.writes += meter?.writes ?? 0;
        sum.examined += meter?.docsExamined ?? 0;
        sum.keys += meter?.keysExamined ?? 0;
        sum.selected += (meter?.requests ?? []).reduce((total, r) => total + r.matched, 0);
      }
      times.sort((a, b) => a - b);
      results.set(`${p.fn}.${p.action}|${p.role}|own`, {
        n: p.calls, outcomes: [...outcomes], reads: sum.reads / p.calls, writes: sum.writes / p.calls, examined: sum.examined / p.calls, keys: sum.keys / p.calls, selected: sum.selected / p.calls,
        p50Ms: percentile(times, 50), p95Ms: percentile(times, 95),
      });
    }
    log(`size ${size.name}: every action measured in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { seeded, results };
  } finally {
    await app.stop();
  }
}

const describe = (size: WorldSize) =>
  size.padding
    ? `${size.copies} copies of the demo community, each with ${size.padding.students.toLocaleString('en-US')} more students, ${size.padding.members.toLocaleString('en-US')} more members and ${size.padding.entries.toLocaleString('en-US')} more entries`
    : `${size.copies} copies of the demo community`;

export const scaleSuite: Suite = {
  name: 'scale',
  description: `every action at the demo size and at a school's (--size ${Object.keys(LARGE_SIZES).join(' | ')}; default ${DEFAULT_SIZE}): reads, writes, documents examined, latency, examined ratio`,
  async run(ctx) {
    const chosen = LARGE_SIZES[ctx.size ?? DEFAULT_SIZE];
    if (!chosen) throw new Error(`scale: unknown --size ${ctx.size} (sizes: ${Object.keys(LARGE_SIZES).join(', ')})`);
    const size = ctx.quick ? quickOf(chosen) : chosen;
    // One seed time for both worlds, so their dates, terms and totals line up.
    const now = new Date();
    const data = generateDemoData({ seed: DEMO_SEED, now });
    ctx.log('demo size');
    const demo = await measureSize(DEMO_SIZE, now, data, ctx.quick, ctx.log, ctx.only);
    ctx.log(`${size.name} size: ${describe(size)}`);
    const large = await measureSize(size, now, data, ctx.quick, ctx.log, ctx.only);
    const planned = [
      ...plan(ctx.quick, ctx.only).map((p) => ({ ...p, caller: 'world' as const })),
      ...ownPlan(ctx.quick, data, ctx.only).map((p) => ({ ...p, audience: 'user' as const, caller: 'own' as const })),
    ];
    const rows: Row[] = planned.map((p) => {
      const key = `${p.fn}.${p.action}|${p.role}${p.caller === 'own' ? '|own' : ''}`;
      const d = demo.results.get(key)!;
      const l = large.results.get(key)!;
      const examinedRatio = d.examined > 0 ? l.examined / d.examined : l.examined > 0 ? null : 1;
      const meetsTarget = examinedRatio !== null && examinedRatio <= TARGET_RATIO;
      // A call the function runner stopped (timeout, memory) examined less than the whole answer needs.
      const cutShort = l.outcomes.some((o) => o.startsWith('FAILED'));
      // Own-scope rows are figures: the caller's building itself is 9 times larger.
      const targetApplies = p.role !== 'admin' && p.caller === 'world';
      return { action: `${p.fn}.${p.action}`, role: p.role, audience: p.audience, caller: p.caller, demo: d, large: l, examinedRatio, cutShort, meetsTarget, targetApplies, flagged: targetApplies && !meetsTarget };
    });
    const flagged = rows.filter((r) => r.flagged);
    const x = `@${size.name}`;
    const columns: Column[] = [
      { key: 'action', title: 'action' },
      { key: 'role', title: 'role' },
      { key: 'outcome', title: 'outcome' },
      { key: 'n', title: 'n' },
      { key: 'reads', title: 'reads', decimals: 1 },
      { key: 'writes', title: 'writes', decimals: 1 },
      { key: 'exD', title: 'examined@demo', decimals: 1 },
      { key: 'exL', title: `examined${x}`, decimals: 1 },
      { key: 'keysL', title: `index keys${x}`, decimals: 1 },
      { key: 'selL', title: `selected${x}`, decimals: 1 },
      { key: 'ratio', title: 'ratio' },
      { key: 'target', title: 'target' },
      { key: 'p50D', title: 'p50 ms@demo', decimals: 1 },
      { key: 'p95D', title: 'p95 ms@demo', decimals: 1 },
      { key: 'p50L', title: `p50 ms${x}`, decimals: 1 },
      { key: 'p95L', title: `p95 ms${x}`, decimals: 1 },
    ];
    const sizes = (c: Record<string, number>) => Object.entries(c).filter(([, n]) => n > 0).map(([name, n]) => `${name} ${n.toLocaleString('en-US')}`).join(', ');
    const seedNote = (label: string, s: Seeded) =>
      `${label}: ${s.docs.toLocaleString('en-US')} documents seeded in ${(s.ms / 1000).toFixed(1)} s (${s.docsPerSecond.toLocaleString('en-US')}/s through the SDK's add): ${sizes(s.collections)}.`;
    // Admin reports: the admin rows whose examined grows with the community.
    const admin = rows.filter((r) => r.role === 'admin' && !r.meetsTarget);
    const own = rows.filter((r) => r.caller === 'own' && !r.meetsTarget);
    return {
      table: {
        title: `scale: every action at the demo size and at ${size.name} size${ctx.quick ? ' (QUICK run)' : ''}`,
        columns,
        rows: rows.map((r) => ({
          action: r.action,
          role: r.caller === 'own' ? `${r.role}, demo user` : r.role === 'admin' && r.audience === 'admin' ? 'admin (only)' : r.role,
          outcome: [...new Set([...r.demo.outcomes, ...r.large.outcomes])].join('/'),
          n: r.demo.n,
          reads: r.large.reads,
          writes: r.large.writes,
          exD: r.demo.examined,
          exL: r.large.examined,
          keysL: r.large.keys,
          selL: r.large.selected,
          ratio: `${r.cutShort ? '>=' : ''}${r.examinedRatio === null ? 'inf' : r.examinedRatio.toFixed(2)}`,
          target: r.caller === 'own' ? (r.meetsTarget ? 'same' : 'own scope') : !r.targetApplies ? 'admin: cost' : r.meetsTarget ? 'met' : 'MISSED',
          p50D: r.demo.p50Ms,
          p95D: r.demo.p95Ms,
          p50L: r.large.p50Ms,
          p95L: r.large.p95Ms,
        })),
        notes: [
          `Large size "${size.name}": ${describe(size)}.`,
          'Per function call, from the emulator metering of that invocation; reads/writes shown at the large size. Latency is wall time on a shared machine: noisy.',
          `ratio = documents examined at ${size.name} size / at the demo size (">=": some calls were stopped by the function timeout, so a lower bound). Target: at most ${TARGET_RATIO} for every action a guest, student, member or counselor takes; admin rows state their cost.`,
          seedNote('demo', demo.seeded),
          seedNote(size.name, large.seeded),
          flagged.length
            ? `Over the target: ${flagged.map((r) => `${r.action} (${r.role}: examined ${r.demo.examined} -> ${Math.round(r.large.examined).toLocaleString('en-US')})`).join(', ')}.`
            : 'Every non-admin action is within the target.',
          `"…, demo user" rows: the demo community's own users (copy 0), read-only actions; their building is larger at ${size.name} size too, so these show what grows with the caller's own scope (target "own scope": over ${TARGET_RATIO}): ${own.map((r) => `${r.action} (${r.role}) examined ${r.demo.examined} -> ${Math.round(r.large.examined).toLocaleString('en-US')}`).join(', ') || 'none'}.`,
          `Admin reports at ${size.name} size (examined grows with the community): ${admin.map((r) => `${r.action} ${Math.round(r.large.examined).toLocaleString('en-US')} examined, ${Math.round(r.large.reads)} reads, p50 ${Math.round(r.large.p50Ms).toLocaleString('en-US')} ms (${r.large.outcomes.join('/')})`).join('; ') || 'none'}.`,
        ],
      },
      figures: {
        size: size.name,
        description: describe(size),
        copies: size.copies,
        padding: size.padding,
        targetRatio: TARGET_RATIO,
        seeded: { demo: demo.seeded, large: large.seeded },
        flagged: flagged.map((r) => `${r.action} (${r.role})`),
        rows,
      },
    };
  },
};
