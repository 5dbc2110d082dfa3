import type { contracts, FunctionName } from '../../src/shared/contract';
import { cstDate } from '../../src/shared/domain/china-time';
import { DEFAULT_CHECKLIST } from '../../src/shared/domain/inspection';
import { previousMonth } from '../../src/shared/domain/badge-auto';
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
    printBuilding: { buildingId: w.a._id, size: 'card' },
    reissueBuilding: { buildingId: w.b._id },
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
    changeShift: { shiftId: w.duty.changing._id, from: w.duty.tomorrow, weekday: 5, start: '22:00', end: '07:00', memberIds: [w.member._id, w.neighbour._id] },
    endShift: { shiftId: w.duty.ending._id, from: w.duty.tomorrow },
    shiftCandidates: { stationId: w.duty.station._id, q: w.member.name.slice(0, 1), limit: 5 },
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
    roomCoverage: { buildingId: w.a._id, filter: 'behind', limit: 5 },
    correctVisit: { id: w.visitId, state: 'void', reason: '经核实未走访' },
    makeUpVisit: { memberId: w.member._id, roomId: w.roomA2._id, date: cstDate(new Date(Date.now() - 86_400_000)), topic: 'study', note: '线下走访，讨论期末复习', reason: '当时手机没电，未能扫码' },
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
  // Badges (issue 11): one block per section (awards, auto, applications), in that order.
  badge: {
    // awards
    badgeCatalogue: {},
    saveBadge: { code: 'greenTeam', name: '绿色环保队', holder: 'member', source: 'manual', validity: 'term', description: '垃圾分类志愿队队员', active: true },
    awardBadge: { code: 'redServiceTeam', holder: { memberId: w.neighbour._id }, reason: '参加红色服务队一学期' },
    revokeAward: { awardId: w.badges.award._id, reason: '授予有误，予以撤销' },
    holderAwards: { memberId: w.member._id, limit: 5 },
    buildingAwards: { buildingId: w.a._id, limit: 5 },
    // auto
    settleCivilRooms: { month: previousMonth(new Date()), buildingId: w.a._id, limit: 10 },
    civilRoomsRun: { month: previousMonth(new Date()) },
    autoAwards: { limit: 5 },
    // applications
    applyModelRoom: { statement: '我们寝室坚持每周集体学习，轮流值日，寝室整洁有序，同学之间互帮互助。', photoFileIds: [`cloud://local/user/${w.openids.member}/evidence/a.jpg`] },
    myRoomApplication: {},
    pendingApplications: { limit: 5 },
    decideApplication: { id: w.badges.application._id, approve: true, reason: '' },
  },
  // Party development (issue 11): one block per section (records, eligibility, dossier), in that order.
  develop: {
    // records
    recordStep: { person: { rosterId: w.studentRoster._id }, stage: 'applied', date: daysAgo(1), note: '递交书面入党申请书' },
    correctStep: { stepId: w.developRecords.steps.converted._id, date: daysAgo(3), reason: '核对支部大会记录后更正日期' },
    timeline: { person: { rosterId: w.developRecords.roster._id } },
    myTimeline: {},
    wallNotices: { buildingId: w.a._id, limit: 10 },
    objectToNotice: { noticeId: w.developRecords.notice._id, text: '该同学曾多次在寝室违规使用电器，请核实' },
    myObjections: { limit: 5 },
    noticeObjections: { buildingId: w.a._id, limit: 5 },
    answerNoticeObjection: { id: w.developRecords.objection._id, answer: '经核实已整改，不影响转正' },
    // eligibility
    eligibility: { memberId: w.member._id },
    memberExperiences: { memberId: w.member._id },
    recordExperience: { memberId: w.member._id, kind: 'helpingPeers', title: '结对帮扶学业困难同学', date: '2026-10-10' },
    correctExperience: { experienceId: w.eligibility.experienceId, reason: '日期登记有误', date: '2026-07-21' },
    pointRules: {},
    setPointRules: { rules: [{ kind: 'hour', points: 1, capPerTerm: 30 }, { kind: 'flag', points: -10, capPerTerm: null }] },
    conversionsDue: { limit: 5 },
    developingByPoints: { status: 'candidate', limit: 5 },
    // dossier
    issueDossier: { memberId: w.member._id },
    verifyDossier: { id: w.dossier._id },
    listDossiers: { limit: 5 },
    dossierFile: { id: w.dossier._id },
  },
});
