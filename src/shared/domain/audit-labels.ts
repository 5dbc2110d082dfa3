import { memberStatusLabels, roleLabels, type Role } from '../model';
import { cstDate, cstTime } from './china-time';
import type { DevelopStage } from './development';

/**
 * The audit view in Chinese (account.auditLog, issue 12 point 3): what each recorded action is called,
 * and each changed field of a record's before and after as a line people read. The server computes the
 * lines; the admin's and the counselor's pages show them as they come.
 */

export const auditActionLabels: Record<string, string> = {
  'account.bind': '绑定学号',
  'account.unbind': '解除绑定',
  'account.redeemInvite': '使用邀请码成为辅导员',
  'account.createInvite': '生成辅导员邀请码',
  'account.setConsent': '更改公开展示同意',
  'account.updateProfile': '修改个人资料',
  'badge.application.submit': '申请党员示范寝室',
  'badge.application.approve': '批准示范寝室申请',
  'badge.application.decline': '驳回示范寝室申请',
  'badge.award': '授予徽章',
  'badge.revoke': '撤销徽章',
  'badge.catalogue.add': '新增徽章类别',
  'badge.catalogue.edit': '修改徽章类别',
  'checkin.answerSwap': '处理换班申请',
  'checkin.changeShift': '修改值班班次',
  'checkin.correctDuty': '更正值班记录',
  'checkin.correctVisit': '更正走访记录',
  'checkin.createShift': '新建值班班次',
  'checkin.createStation': '新建值班点',
  'checkin.endShift': '结束值班班次',
  'checkin.issueStationKey': '发放值班点密钥',
  'checkin.revokeStationKey': '收回值班点密钥',
  'checkin.makeUpVisit': '补记走访',
  'checkin.setLinks': '设置联系寝室',
  'develop.recordStep': '记录发展步骤',
  'develop.correctStep': '更正发展步骤日期',
  'develop.withdrawStep': '撤回误记的发展步骤',
  'develop.changeMembership': '党员组织关系变更',
  'develop.answerObjection': '答复公示异议',
  'develop.recordExperience': '记录成长经历',
  'develop.correctExperience': '更正成长经历',
  'develop.issueDossier': '出具转正材料',
  'develop.setPointRules': '修改积分规则',
  'inspections.appointInspector': '任命检查员',
  'inspections.revokeInspector': '撤销检查员',
  'inspections.setChecklist': '修改检查项目',
  'inspections.inspect': '寝室检查',
  'inspections.correct': '更正检查结果',
  'plaque.issueCode': '重发门牌码',
  'plaque.closeFeedback': '处理监督意见',
  'roster.markLeft': '标记离校',
  'star.createRound': '发起党员之星评选',
  'star.nominate': '提名党员之星',
  'star.selfNominate': '自荐党员之星',
  'star.decideNomination': '审核提名',
  'star.publish': '公布候选人',
  'star.close': '结束投票',
  'star.final': '确定评选结果',
  'star.exportTally': '导出计票',
  'star.upholdObjection': '支持评选异议',
  'star.dismissObjection': '驳回评选异议',
  'volunteer.createActivity': '发布志愿活动',
  'volunteer.exportHours': '导出志愿时长',
  'volunteer.bulkApprove': '批量通过志愿时长',
  'volunteer.review.approve': '通过志愿时长',
  'volunteer.review.reject': '退回志愿时长',
};

/** An action's Chinese name; an action without one shows its code (never hidden). */
export function auditActionLabel(action: string): string {
  return auditActionLabels[action] ?? action;
}

/** Field names as people read them; an unknown field shows its name. */
export const auditFieldLabels: Record<string, string> = {
  stage: '发展阶段',
  status: '状态',
  date: '日期',
  memberId: '党员档案',
  memberCreated: '新建党员档案',
  noticeId: '公示',
  stepId: '记录',
  correctionId: '更正记录',
  withdrawalId: '撤回记录',
  branchId: '支部编号',
  branchName: '支部',
  groupId: '党小组编号',
  groupName: '党小组',
  kind: '变更类型',
  answer: '答复',
  state: '状态',
  reason: '原因',
  role: '角色',
  name: '姓名',
  consent: '公开展示',
  public: '公开展示',
  pledge: '承诺',
  photoFileId: '照片',
  leftAt: '离校时间',
  code: '代码',
  holder: '获得者',
  until: '有效期至',
  revoked: '撤销',
  active: '有效',
  keyIssued: '已发密钥',
  roomId: '寝室',
  termKey: '学期',
  rules: '规则',
  items: '项目',
  approvedHours: '认定时长',
  hours: '时长',
  comment: '意见',
  noticeClosed: '公示已关闭',
};

const STAGE_VALUES = new Set<string>(['applied', 'activist', 'candidate', 'probationary', 'full']);
const TEXT_MAX = 120;

/** One value as text: stages and roles by their Chinese names, times in China time, 是/否, — for nothing. */
export function auditValueText(field: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') {
    if ((field === 'stage' || field === 'status') && STAGE_VALUES.has(value)) return value === 'applied' ? '已递交入党申请' : memberStatusLabels[value as Exclude<DevelopStage, 'applied'>];
    if (field === 'role' && value in roleLabels) return roleLabels[value as Role];
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return timeText(new Date(value));
    return clip(value);
  }
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return timeText(value);
  if (Array.isArray(value)) return clip(value.map((v) => auditValueText(field, v)).join('、') || '（空）');
  if (typeof value === 'object' && '$date' in (value as object)) return timeText(new Date((value as { $date: string | number }).$date));
  return clip(JSON.stringify(value));
}

const timeText = (at: Date) => (Number.isFinite(at.getTime()) ? `${cstDate(at)} ${cstTime(at)}` : '—');
const clip = (s: string) => (s.length > TEXT_MAX ? `${s.slice(0, TEXT_MAX - 1)}…` : s);

export interface AuditChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

/**
 * The lines of a record: each field of before or after whose value differs (a field only in after
 * was added, only in before removed); a before or after that is not an object is one line `值`.
 */
export function auditChanges(before: unknown, after: unknown, max = 20): AuditChange[] {
  if (!isRecord(before) && !isRecord(after)) {
    return before === after ? [] : [{ field: 'value', label: '值', before: auditValueText('value', before), after: auditValueText('value', after) }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((f) => f !== '_id');
  const out: AuditChange[] = [];
  for (const field of fields) {
    const was = auditValueText(field, b[field]);
    const is = auditValueText(field, a[field]);
    if (was === is && isRecord(before) && isRecord(after)) continue;
    out.push({ field, label: auditFieldLabels[field] ?? field, before: was, after: is });
    if (out.length >= max) break;
  }
  return out;
}

/** What a record's target collection holds, as people say it; an unknown one shows its name. */
export const auditTargetLabels: Record<string, string> = {
  develop_people: '发展档案',
  develop_steps: '发展记录',
  develop_objections: '公示异议',
  develop_experiences: '成长经历',
  members: '党员档案',
  users: '用户',
  roster: '名册',
  rooms: '寝室',
  feedback: '监督反馈',
  volunteer_entries: '志愿时长',
  visits_records: '走访记录',
  inspections_records: '检查记录',
  badge_awards: '徽章',
  badge_applications: '示范寝室申请',
  invites: '邀请码',
};
