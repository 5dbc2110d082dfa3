import { contracts, type FunctionName } from '../../src/shared/contract';
import { answerableCodes, type ActionSpec } from '../../src/shared/contract/define';
import { Role } from '../../src/shared/model';
import { startApp, type App } from './harness';
import { seedWorld, type World } from './world';

/**
 * Every action x every role: an allowed role gets through the gate (success, or a business answer),
 * any other role is refused with FORBIDDEN (or NOT_BOUND for a guest), and every refusal is a code
 * the action's contract declares. One valid input per action.
 */
let app: App;
let worlds = 0;

const validInput = (w: World): { [F in FunctionName]: Record<keyof (typeof contracts)[F], unknown> } => ({
  account: {
    me: {},
    bind: { studentNo: w.freeRoster.studentNo, name: w.freeRoster.name },
    redeemInvite: { code: w.inviteCode, name: '赵老师' },
    createInvite: { buildingIds: [w.a._id] },
    listUsers: {},
    unbind: { userId: w.users.student._id, reason: '毕业离校' },
    setConsent: { public: true },
    updateProfile: { pledge: '亮身份，作表率，服务同学' },
  },
  plaque: {
    view: { code: w.roomA.plaqueCode },
    buildings: {},
    wall: { buildingId: w.a._id },
    sendFeedback: { memberId: w.neighbour._id, text: '希望晚上十一点后保持安静' },
    listFeedback: {},
    closeFeedback: { id: w.feedbackId, note: '已沟通', reply: '已与该党员沟通，谢谢你的监督' },
    myFeedback: {},
    rooms: { buildingId: w.a._id },
    issueCode: { roomId: w.roomB._id },
    qrCode: { roomId: w.roomA._id },
  },
  volunteer: {
    saveDraft: { title: '楼道卫生清扫', category: 'hygiene', date: w.entries.draft.date, start: '14:00', end: '16:00', place: '智园1号楼' },
    submit: { id: w.entries.draft._id, subscribe: true },
    withdraw: { id: w.entries.pending._id },
    myEntries: {},
    myProgress: {},
    pendingEntries: {},
    review: { id: w.entries.pending._id, decision: 'approve' },
    bulkApprove: { ids: [w.entries.pending._id] },
    dashboard: {},
    createActivity: { title: '楼栋安全巡查', category: 'dormSafety', place: '智园1号楼', buildingId: w.a._id, startAt: w.activity.startAt.toISOString(), endAt: w.activity.endAt.toISOString() },
    activityCode: { id: w.activity._id, phase: 'in' },
    scanActivity: { code: w.activityCode },
    exportHours: {},
    listActivities: { limit: 5 },
    activityAttendees: { activityId: w.activity._id },
    finishExport: { fileID: 'cloud://local-dev.6c6f-local-dev-1250000000/exports/none.xlsx' },
  },
  maintenance: {
    sweep: {},
  },
});

const GATE_CODES = ['FORBIDDEN', 'NOT_BOUND', 'UNKNOWN_ACTION', 'INVALID_INPUT', 'INTERNAL', 'UNAUTHENTICATED'];

beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.stop());

const cases = (Object.keys(contracts) as FunctionName[]).flatMap((fn) =>
  Object.entries(contracts[fn] as Record<string, ActionSpec>).flatMap(([action, spec]) =>
    Role.options.map((role) => [fn, action, role, spec.roles.includes(role)] as const),
  ),
);

describe('role x action matrix', () => {
  it.each(cases)('%s.%s as %s (allowed: %s)', async (fn, action, role, allowed) => {
    const spec = (contracts[fn] as Record<string, ActionSpec>)[action];
    // A world per case: unbind, redeemInvite and others change who is who.
    const world = await seedWorld(app, String((worlds += 1)));
    const input = (validInput(world)[fn] as Record<string, unknown>)[action];
    const reply = await app.call(world.openids[role], fn, action as never, input as never);
    if (!reply.ok) expect([...answerableCodes(spec)]).toContain(reply.error.code);
    if (allowed) {
      if (!reply.ok) expect(GATE_CODES).not.toContain(reply.error.code);
    } else {
      expect(reply).toMatchObject({ ok: false, error: { code: role === 'guest' ? 'NOT_BOUND' : 'FORBIDDEN' } });
    }
  });

  it('covers every action of every function', async () => {
    const world = await seedWorld(app, '99999');
    for (const fn of Object.keys(contracts) as FunctionName[]) {
      expect(Object.keys(validInput(world)[fn]).sort()).toEqual(Object.keys(contracts[fn]).sort());
    }
  });
});
