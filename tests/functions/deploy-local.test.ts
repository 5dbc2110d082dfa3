import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sdkFor, startTestEmulator, tempDir, type TestEmulator } from 'cloudbase-local/testing';
import { loadFunctionConfig, loadSchema, locateFunction } from 'cloudbase-local';
import { desiredState, readSchoolSettings } from '../../scripts/deploy/desired';
import { planDeploy } from '../../scripts/deploy/planner';
import { CODE_SHA_ENV, type DesiredState } from '../../scripts/deploy/state';
import { applyPlan, PlanStopped, readCurrentState } from '../../scripts/deploy/target';
import { LocalTarget } from '../../scripts/deploy/targets/local';
import { settingsEnv } from '../../src/shared/school-settings';
import { functionsDir, type App } from './harness';
import { pdfText } from './pdf-reading';
import { daysAgo } from './builders';
import { seedWorld } from './world';

/**
 * `npm run deploy` against the local CloudBase (issue 12 point 1): the plan applied to an empty local
 * CloudBase leaves it equal to what a fresh start sets up from the repository (collections, indexes,
 * rules, storage rules, functions with their config, triggers), so no step is missing; a second plan
 * is empty. The deployed functions run from their packages alone (nothing installed on upload): the
 * develop function issues a dossier PDF with pdfkit and the CJK font from its own folder, under /tmp,
 * where no node_modules of the repository can be reached. A unique index over duplicates stops.
 */
const root = path.resolve(__dirname, '..', '..');
// The example, with values no function falls back on: seeing them in a function proves the deploy passed them.
const settings = { ...readSchoolSettings(path.join(root, 'config', 'school.example.json')), schoolName: '部署测试大学', subscribeTemplates: { volunteerReviewed: 'TPL-deploy-test' } };
let packagesDir: string;
let desired: DesiredState;
let fresh: TestEmulator;
let applied: TestEmulator;
let planMs = 0;
/** Folders this file makes besides the emulators' own data directories, removed at the end. */
const made: string[] = [];
const folder = (prefix: string) => {
  const dir = tempDir(prefix);
  made.push(dir);
  return dir;
};

/** What a local CloudBase holds, in the terms a fresh start and a deploy must agree on. */
async function snapshot(emu: TestEmulator) {
  const store = emu.database.state.store;
  const dir = emu.functions.options.functionsDir;
  const functions = fs
    .readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const files = locateFunction(dir, name);
      if (!files) return [];
      const { timeoutMs, memoryMb, envVariables } = loadFunctionConfig(files.configFile);
      return [{ name, timeoutMs, memoryMb, envVariables, bundle: createHash('sha256').update(fs.readFileSync(files.indexFile)).digest('hex') }];
    });
  return {
    collections: store
      .collectionNames()
      .sort()
      .map((name) => ({ name, indexes: store.indexesOf(name), rule: store.ruleOf(name) })),
    storageRules: emu.storage.rulesSource,
    functions,
    triggers: emu.triggers.list().map(({ functionName, name, config, error }) => ({ functionName, name, config, error })),
  };
}

/** The harness's call and insert over any emulator (the world seeds through them). */
function appOn(emu: TestEmulator): App {
  const db = sdkFor(emu).database();
  return {
    emu,
    db,
    call: (async (openid: string, fn: string, action: string, input: unknown = {}) => {
      const result = await emu.functions.invoke(fn, { action, input }, { openid });
      if (!result.ok) throw new Error(`function ${fn} failed: ${JSON.stringify(result.failure)}`);
      return Object.defineProperty(result.result as object, 'invocationId', { value: result.invocationId, enumerable: false });
    }) as App['call'],
    insert: async (collection: string, docs: object | object[]) => {
      const list = Array.isArray(docs) ? docs : [docs];
      for (let i = 0; i < list.length; i += 500) await db.collection(collection).add(list.slice(i, i + 500));
    },
    meterOf: (id: string | undefined) => (id ? emu.metering.getInvocation(id) : undefined),
    stop: () => emu.cleanup(),
  } as App;
}

beforeAll(async () => {
  packagesDir = folder('dph-deploy-packages-');
  desired = desiredState({ settings, packagesDir });
  fresh = await startTestEmulator({ functionsDir, schema: loadSchema(path.join(functionsDir, 'database.json')) });
  // Empty: no collection, no function, no storage rules (every client storage request denied).
  applied = await startTestEmulator({ functionsDir: path.join(folder('dph-deploy-target-'), 'functions') });
}, 300_000);

afterAll(async () => {
  await fresh?.cleanup();
  await applied?.cleanup();
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the plan applied to an empty local CloudBase', () => {
  it('creates everything, leaving it equal to a fresh start from the repository; the second plan is empty', async () => {
    const target = new LocalTarget(applied);
    const first = planDeploy(await readCurrentState(target, desired), desired);
    expect(first.stops).toEqual([]);
    await applyPlan(first, target);

    const [want, got] = [await snapshot(fresh), await snapshot(applied)];
    expect(got.collections).toEqual(want.collections);
    expect(got.collections.every((c) => JSON.stringify(c.rule) === '{"read":false,"write":false}')).toBe(true);
    expect(got.storageRules).toEqual(want.storageRules);
    expect(got.triggers).toEqual(want.triggers);
    expect(got.triggers.length).toBeGreaterThan(0);
    // The same bundles, limits and environment: the repository's config.json plus the school's settings and the code hash.
    expect(got.functions).toEqual(
      want.functions.map((f) => ({ ...f, envVariables: { ...f.envVariables, ...settingsEnv(settings), [CODE_SHA_ENV]: expect.stringMatching(/^[0-9a-f]{64}$/) } })),
    );

    const t0 = performance.now();
    const second = planDeploy(await readCurrentState(target, desired), desired);
    planMs = performance.now() - t0;
    expect(second).toEqual({ steps: [], stops: [], notes: [] });
    console.log(`deploy plan against the local CloudBase (read + plan, ${desired.collections.length} collections, ${desired.functions.length} functions): ${planMs.toFixed(0)} ms; first apply ${first.steps.length} steps`);
  });

  it("runs the functions from their packages alone: develop issues a dossier with pdfkit and the CJK font of its own folder; the school's settings reach them", async () => {
    const dir = path.join(applied.functions.options.functionsDir, 'develop');
    expect(dir.startsWith(fs.realpathSync(require('node:os').tmpdir()))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'node_modules', 'pdfkit', 'package.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'node_modules', '@cloudbase', 'node-sdk', 'package.json'))).toBe(true);
    // Nothing above the folder holds node_modules: every require of the function resolves inside it.
    for (let up = path.dirname(dir); up !== path.dirname(up); up = path.dirname(up)) expect(fs.existsSync(path.join(up, 'node_modules'))).toBe(false);

    const app = appOn(applied);
    const w = await seedWorld(app);
    await app.db.collection('members').doc(w.member._id).update({ probationStartedAt: new Date(Date.now() - 300 * 86_400_000) });
    const reply = await app.call(w.openids.counselor, 'develop', 'issueDossier', { memberId: w.member._id });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const pdf = Buffer.from(await (await fetch(reply.data.url)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await pdfText(pdf)).text).toContain(w.member.name);

    // The school's settings reach the functions as environment: the review notice uses its template.
    const draft = await app.call(w.openids.member, 'volunteer', 'saveDraft', { title: '部署后宣讲', category: 'theoryOutreach', date: daysAgo(25), start: '06:00', end: '07:00', place: '活动室' });
    if (!draft.ok) throw new Error(JSON.stringify(draft));
    expect((await app.call(w.openids.member, 'volunteer', 'submit', { id: draft.data.entry.id, subscribe: true })).ok).toBe(true);
    expect((await app.call(w.openids.counselor, 'volunteer', 'review', { id: draft.data.entry.id, decision: 'approve', approvedHours: 1, comment: '' })).ok).toBe(true);
    expect(applied.wx.outbox(w.users.member.openid).map((m) => m.template_id)).toEqual(['TPL-deploy-test']);
  });
});

describe('a unique index over duplicates on the local CloudBase', () => {
  const usersOnly = (): DesiredState => ({ collections: desired.collections.filter((c) => c.name === 'users'), storageRules: desired.storageRules, functions: [] });

  it('stops the plan, naming the duplicate keys, and changes nothing', async () => {
    const emu = await startTestEmulator({ functionsDir: folder('dph-deploy-dups-') });
    try {
      const target = new LocalTarget(emu);
      await target.createCollection('users');
      await sdkFor(emu).database().collection('users').add([{ openid: 'o-dup', name: '甲' }, { openid: 'o-dup', name: '乙' }, { openid: 'o-ok' }]);
      const plan = planDeploy(await readCurrentState(target, usersOnly()), usersOnly());
      expect(plan.stops).toHaveLength(1);
      expect(plan.stops[0]).toMatch(/users[\s\S]*openid_unique[\s\S]*\{ openid: "o-dup" \} ×2/);
      await expect(applyPlan(plan, target)).rejects.toThrow(PlanStopped);
      expect(emu.database.state.store.indexesOf('users')).toEqual([]);
      expect(emu.storage.rulesSource).toBeUndefined();
    } finally {
      await emu.cleanup();
    }
  });

  it('checks again when applying: duplicates written after the plan was read stop it before the index', async () => {
    const emu = await startTestEmulator({ functionsDir: folder('dph-deploy-dups-') });
    try {
      const target = new LocalTarget(emu);
      await target.createCollection('users');
      const plan = planDeploy(await readCurrentState(target, usersOnly()), usersOnly());
      expect(plan.stops).toEqual([]);
      await sdkFor(emu).database().collection('users').add([{ name: '无 openid 甲' }, { name: '无 openid 乙' }]);
      await expect(applyPlan(plan, target)).rejects.toThrow(/openid_unique[\s\S]*openid: null \} ×2/);
      expect(emu.database.state.store.indexesOf('users').map((i) => i.name)).not.toContain('openid_unique');
    } finally {
      await emu.cleanup();
    }
  });
});
