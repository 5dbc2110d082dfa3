import type { contracts, FunctionName } from '../../src/shared/contract';
import { DEFAULT_CHECKLIST } from '../../src/shared/domain/inspection';
import { daysAgo } from './builders';
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
    advanceStatus: { memberId: w.member._id, to: 'full', date: daysAgo(1) },
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
    myEntry: { id: w.entries.pending._id },
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
  star: {
    createRound: {
      month: '2030-01', scope: { buildingIds: [w.a._id] },
      nominateFrom: new Date(Date.now() + 3_600_000).toISOString(), nominateUntil: new Date(Date.now() + 86_400_000).toISOString(),
      voteFrom: new Date(Date.now() + 2 * 86_400_000).toISOString(), voteUntil: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    },
    rounds: { limit: 5 },
    round: { id: w.star.notice._id },
    eligibleMembers: { roundId: w.star.nominating._id, limit: 5 },
    nominate: { roundId: w.star.nominating._id, memberId: w.member._id, deeds: '组织楼层学习小组，帮助同学补习高数' },
    selfNominate: { roundId: w.star.nominating._id, deeds: '坚持每周楼道清扫，带动寝室同学参加志愿服务' },
    decideNomination: { roundId: w.star.nominating._id, memberId: w.neighbour._id, accept: true },
    vote: { roundId: w.star.voting._id, candidateIds: [w.neighbour._id] },
    close: { roundId: w.star.counting._id },
    publish: { roundId: w.star.tallied._id, memberId: w.neighbour._id },
    object: { roundId: w.star.notice._id, reason: '候选人的事迹我不太了解，希望公开更多细节' },
    objections: { roundId: w.star.notice._id, limit: 5 },
    answerObjection: { objectionId: w.star.objection._id, uphold: false, answer: '已核实候选人事迹属实，谢谢监督' },
    exportTally: { roundId: w.star.tallied._id },
    yearStars: { year: 2026, limit: 5 },
  },
  // Dorm check-ins: one block per section (duty, visits, inspections), in that order.
  checkin: {
    // duty
    createStation: { buildingId: w.a._id, name: '1号楼党员服务站', place: '1号楼一层大厅' },
    listStations: { limit: 5 },
    issueStationKey: { stationId: w.duty.station._id },
    revokeStationKey: { stationId: w.duty.station._id },
    stationCode: { key: w.duty.key },
    createShift: { stationId: w.duty.station._id, weekday: 3, start: '18:00', end: '20:00', memberIds: [w.member._id, w.neighbour._id] },
    listShifts: { stationId: w.duty.station._id, limit: 5 },
    myShifts: { limit: 5 },
    requestSwap: { shiftId: w.duty.upcoming._id, date: w.duty.tomorrow, toMemberId: w.neighbour._id },
    swapCandidates: { limit: 5 },
    answerSwap: { id: w.duty.swap._id, accept: true },
    mySwaps: { limit: 5 },
    listSwaps: { limit: 5 },
    dutyScan: { code: w.duty.code, phase: 'in' },
    myDutyRecords: { limit: 5 },
    correctDuty: { shiftId: w.duty.past._id, date: w.duty.yesterday, memberId: w.member._id, checkIn: '09:05', checkOut: '11:00', reason: '值班手机没电，现场确认在岗' },
    dutyCoverage: { weekOf: w.duty.today, limit: 5 },
    // visits
    setLinks: { memberId: w.neighbour._id, roomIds: [w.roomA2._id], reason: '按楼层分工联系' },
    memberLinks: { buildingId: w.a._id, limit: 5 },
    recordVisit: { code: w.roomA2.plaqueCode, topic: 'life', note: '了解寝室近况，提醒用电安全' },
    pendingVisits: {},
    answerVisit: { id: w.visitId, happened: true },
    myVisits: {},
    memberVisits: { memberId: w.member._id, limit: 5 },
    visitCoverage: { buildingId: w.a._id, limit: 5 },
    correctVisit: { id: w.visitId, state: 'void', reason: '经核实未走访' },
    makeUpVisit: { memberId: w.member._id, roomId: w.roomA2._id, at: new Date(Date.now() - 86_400_000).toISOString(), topic: 'study', note: '线下走访，讨论期末复习', reason: '当时手机没电，未能扫码' },
    // inspections
    inspectionChecklist: {},
    setChecklist: { items: DEFAULT_CHECKLIST },
    appointInspector: { buildingId: w.a._id, studentNo: w.studentRoster.studentNo },
    revokeInspector: { id: w.appointments[1]._id, reason: '已毕业离校' },
    listInspectors: { limit: 5 },
    myInspectorBuildings: {},
    inspectableRooms: { buildingId: w.a._id },
    inspectRoom: { roomId: w.roomA2._id, scores: DEFAULT_CHECKLIST.map((i) => ({ id: i.id, score: i.maxScore })), note: '整洁' },
    correctInspection: { id: w.inspection._id, scores: DEFAULT_CHECKLIST.map((i) => ({ id: i.id, score: i.maxScore })), reason: '复核后更正' },
    roomInspections: { roomId: w.roomA._id, limit: 5 },
    flaggedRooms: { limit: 5 },
    civilisedRooms: { limit: 5 },
    inspectionDashboard: {},
  },
});
