import { contracts, type FunctionName } from '../../src/shared/contract';
import type { ActionSpec } from '../../src/shared/contract/define';
import type { RequestMeter } from 'cloudbase-local';
import { generateDemoData } from '../../scripts/demo/generate';
import { seedDemoData } from '../../scripts/demo/seed';
import { buildActivity, buildEntry, buildFeedback, buildMember, daysAgo, newPlaqueCode } from './builders';
import { startApp, type App } from './harness';
import { sampleInputs } from './sample-inputs';
import { seedWorld, type World } from './world';
import { worldPool } from './world-pool';

/**
 * No action scans: every action of every function (read from the contracts), called by every role
 * its contract allows, on the demo community plus a crowded building of its own. Each database
 * request may examine at most what it selects (documents returned, counted, matched by an
 * aggregate's leading $match, or changed by a where-update or remove) plus SLACK; otherwise the test
 * names the query. Requests that read more index entries than that are printed (keysExamined). A new action needs only its sample input (sample-inputs.ts).
 */
const SLACK = 5;
/** Requests whose index reads (emulator metering keysExamined) exceed what they selected: printed, for the next planner step. */
const keysOver: string[] = [];
/**
 * Actions whose index reads are held to the same bound (examined keys <= selected + SLACK), each once
 * listed in keysOver: volunteer.exportHours (a later part's cursor was a filter over the whole day
 * range, reading every key before it: now it seeks the rest of the cursor's day from its start, then
 * the days from the next one on) and checkin.myInspectorBuildings (its reads are by `_id` or on
 * by_user_active_building with the user fixed: within the bound in this world).
 *
 * Not held, and why: plaque.view reads a room's consenting members on the multikey index
 * by_plaque_room_public (plaqueRoomIds, consent.public, _id), ordered by `_id` so MongoDB seeks and
 * stops at the page of 20. The local CloudBase does not seek an index holding array-valued entries
 * (emulator/src/database/reads.ts `seek` gives up on them) and reads every key of the room first: 42 keys
 * for 20 documents in the crowded room here. The excess is bounded by the room's consenting members (a
 * handful at a real door, so within SLACK) and is the emulator's, not the query's.
 */
const KEYS_HELD = new Set(['volunteer.exportHours', 'checkin.myInspectorBuildings']);
/** The demo community is the background a scan would have to read through. */
const CROWD = 40;

let app: App;
/** A crowded world, reused by the next call while the calls on it store nothing (world-pool.ts). */
const worlds = worldPool(() => app, async (tag) => {
  const w = await seedWorld(app, `sg${tag}`);
  await crowd(w);
  return w;
});
const table: string[] = [];

beforeAll(async () => {
  app = await startApp();
  await seedDemoData(app.db as never, generateDemoData());
  const past = new Date(Date.now() - 3 * 86_400_000);
  // Leftovers the nightly sweep must find without reading everything else.
  await app.insert('rate_limits', Array.from({ length: 300 }, (_, i) => ({ _id: `view:fresh${i}`, refilledAt: Date.now() + 3_600_000 })));
  await app.insert('activity_codes', Array.from({ length: 300 }, (_, i) => ({ _id: `LIVE${i}`, activityId: 'demo', phase: 'in', expiresAt: new Date(Date.now() + 86_400_000) })));
  await app.insert('exports', Array.from({ length: 100 }, (_, i) => ({ _id: `x${i}`, fileID: `cloud://local-dev/exports/fresh${i}.xlsx`, creatorOpenid: 'nobody', createdAt: new Date() })));
  await app.insert('audit', Array.from({ length: 300 }, (_, i) => ({ _id: `a${i}`, action: 'seed', actor: 'nobody', target: { kind: 'user', id: `u${i}` }, at: past })));
}, 120_000);
afterAll(async () => {
  // The figures: what each action examined against what it selected.
  if (table.length) console.log(['action (role): examined/selected per request', ...table].join('\n'));
  if (keysOver.length) console.log(['requests that read more index entries than they selected (+ SLACK):', ...keysOver].join('\n'));
  console.log(`scan guard: ${table.length} calls on ${worlds.seeded} worlds`);
  await app?.stop();
});

/** Fills the world's building A so an unindexed filter or an unindexed sort within scope shows too. */
async function crowd(w: World) {
  const members = Array.from({ length: CROWD }, (_, i) =>
    buildMember({ name: `成员${i}`, buildingId: w.a._id, buildingName: w.a.name, roomId: w.roomA._id, roomNumber: '301', floor: 3, status: i % 3 ? 'full' : 'probationary' }),
  );
  await app.insert('members', members);
  const entryOf = (m: (typeof members)[number], o: Parameters<typeof buildEntry>[0]) =>
    buildEntry({ memberId: m._id, userId: `u-${m._id}`, memberName: m.name, buildingId: w.a._id, branchId: w.member.branchId, branchName: w.member.branchName, ...o });
  await app.insert('volunteer_entries', [
    ...members.map((m, i) => entryOf(m, { status: 'pending', date: daysAgo(5 + (i % 20)), submittedAt: new Date(Date.now() - i * 60_000) })),
    ...members.map((m, i) => entryOf(m, { status: 'approved', approvedHours: 2, date: daysAgo(5 + (i % 20)) })),
    // The caller's own history, on days away from the sample inputs' days.
    ...Array.from({ length: CROWD }, (_, i) =>
      buildEntry({ memberId: w.member._id, userId: w.users.member._id, memberName: w.member.name, buildingId: w.a._id, status: 'approved', approvedHours: 2, date: daysAgo(40 + i) }),
    ),
  ]);
  await app.insert('feedback', members.map((m, i) => buildFeedback({
    memberId: m._id, memberName: m.name, buildingId: w.a._id, senderUserId: w.users.student._id, status: i % 2 ? 'open' : 'closed', createdAt: new Date(Date.now() - i * 60_000),
  })));
  const activities = Array.from({ length: 10 }, (_, i) =>
    buildActivity({ buildingId: w.a._id, createdBy: w.users.counselor._id, startAt: new Date(Date.now() - (i + 2) * 86_400_000), endAt: new Date(Date.now() - (i + 2) * 86_400_000 + 3_600_000) }),
  );
  await app.insert('activities', activities);
  await app.insert('attendance', members.map((m, i) => ({
    _id: `${w.activity._id}:${m._id}`, activityId: w.activity._id, memberId: m._id, signInAt: new Date(Date.now() - 3_000_000 + i * 1000), signInCode: newPlaqueCode(),
    signOutAt: null, signOutCode: null, hours: null, entryId: null,
  })));
}

const describeRequest = (r: RequestMeter) =>
  `${r.op} ${r.collection} ${r.shape}${r.order ? ` order ${r.order}` : ''}${r.limit !== undefined ? ` limit ${r.limit}` : ''}: examined ${r.examined}, index keys ${r.keysExamined}, selected ${r.matched}`;

const actions = (Object.keys(contracts) as FunctionName[]).flatMap((fn) =>
  Object.entries(contracts[fn] as Record<string, ActionSpec>).map(([action, spec]) => [fn, action, spec] as const),
);

describe('scan guard: no action examines more than it selects', () => {
  it('has a sample input for every action', async () => {
    const w = await seedWorld(app, 'probe');
    const missing = actions.filter(([fn, action]) => !(action in (sampleInputs(w)[fn] as object))).map(([fn, action]) => `${fn}.${action}`);
    if (missing.length) throw new Error(`add a sample input to tests/functions/sample-inputs.ts for: ${missing.join(', ')}`);
  });

  it.each(actions.map(([fn, action, spec]) => [`${fn}.${action}`, fn, action, spec] as const))('%s', async (_name, fn, action, spec) => {
    const offenders: string[] = [];
    for (const role of spec.roles) {
      const w = await worlds.world();
      const input = (sampleInputs(w)[fn] as Record<string, unknown>)[action];
      if (input === undefined) throw new Error(`add a sample input to tests/functions/sample-inputs.ts for ${fn}.${action}`);
      const reply = await worlds.use(() => app.call(w.openids[role], fn, action as never, input as never));
      const requests = app.meterOf(reply.invocationId)?.requests ?? [];
      const outcome = reply.ok ? 'ok' : reply.error.code;
      table.push(`${fn}.${action} (${role}, ${outcome}): ${requests.map((r) => `${r.collection} ${r.examined}/${r.matched}`).join(', ') || 'no reads'}`);
      for (const r of requests) {
        // Index entries read beyond the selection fail the actions of KEYS_HELD and are listed for the others.
        if (r.op !== 'lookup' && r.keysExamined > r.matched + SLACK) {
          if (KEYS_HELD.has(`${fn}.${action}`)) offenders.push(`${fn}.${action} as ${role} (index keys): ${describeRequest(r)}`);
          else keysOver.push(`${fn}.${action} as ${role}: ${describeRequest(r)}`);
        }
        if (r.op === 'lookup' || r.examined <= r.matched + SLACK) continue;
        offenders.push(`${fn}.${action} as ${role}: ${describeRequest(r)}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
