import type { contracts, FunctionName } from '../../src/shared/contract';
import type { World } from './world';

/**
 * One valid input per action of every function, against a world from `seedWorld`. The role x action
 * matrix and the scan guard both drive every action from the contracts with these; a new action
 * needs a line here (the type and both tests say so).
 */
export type SampleInputs = { [F in FunctionName]: Record<keyof (typeof contracts)[F], unknown> };

export const sampleInputs = (w: World): SampleInputs => ({
  account: {
    me: {},
    bind: { studentNo: w.freeRoster.studentNo, name: w.freeRoster.name },
    redeemInvite: { code: w.inviteCode, name: '赵老师' },
    createInvite: { buildingIds: [w.a._id] },
    listUsers: { role: 'student', limit: 5 },
    unbind: { userId: w.users.student._id, reason: '毕业离校' },
    setConsent: { public: true },
    updateProfile: { pledge: '亮身份，作表率，服务同学' },
  },
  plaque: {
    view: { code: w.roomA.plaqueCode },
    buildings: { communityId: w.a.communityId, limit: 10 },
    wall: { buildingId: w.a._id, limit: 10 },
    sendFeedback: { memberId: w.neighbour._id, text: '希望晚上十一点后保持安静' },
    listFeedback: { limit: 5 },
    closeFeedback: { id: w.feedbackId, note: '已沟通', reply: '已与该党员沟通，谢谢你的监督' },
    myFeedback: {},
    rooms: { buildingId: w.a._id, limit: 5 },
    issueCode: { roomId: w.roomB._id },
    qrCode: { roomId: w.roomA._id },
  },
  volunteer: {
    saveDraft: { title: '楼道卫生清扫', category: 'hygiene', date: w.entries.draft.date, start: '14:00', end: '16:00', place: '智园1号楼' },
    submit: { id: w.entries.draft._id, subscribe: true },
    withdraw: { id: w.entries.pending._id },
    myEntries: { limit: 5 },
    myProgress: {},
    pendingEntries: { limit: 5 },
    review: { id: w.entries.pending._id, decision: 'approve' },
    bulkApprove: { ids: [w.entries.pending._id] },
    dashboard: {},
    behindPace: { limit: 5 },
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
