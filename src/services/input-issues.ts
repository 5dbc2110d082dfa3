import { z } from 'zod';
import { errorMessages } from '../shared/errors';

/** Chinese names of input fields, so a rejected form says which box to fix. */
const fieldLabels: Record<string, string> = {
  studentNo: '学号',
  name: '姓名',
  code: '编号',
  reply: '回复',
  text: '反馈内容',
  reason: '原因',
  pledge: '承诺',
  note: '备注',
  buildingIds: '楼栋',
  buildingId: '楼栋',
  memberId: '党员',
  roomId: '寝室',
  userId: '用户',
  nameContains: '姓名',
  expiresInHours: '有效期',
};

/** Where one key means different boxes: `code` is an invite code here, a door's code elsewhere. */
const actionLabels: Record<string, Record<string, string>> = {
  'account.redeemInvite': { code: '邀请码' },
  'plaque.view': { code: '门牌编号' },
};

/** zod's own messages are English; schema authors' messages (e.g. '学号为6到14位数字') are kept. */
function isCustomMessage(issue: z.ZodIssue): boolean {
  const fallback = z.defaultErrorMap(issue as z.ZodIssueOptionalMessage, { defaultError: '', data: undefined }).message;
  return issue.message !== fallback;
}

function chineseReason(issue: z.ZodIssue): string {
  if (isCustomMessage(issue)) return issue.message;
  if (issue.code === 'too_small') return Number(issue.minimum) <= 1 ? '不能为空' : `至少${issue.minimum}${issue.type === 'array' ? '项' : '个字'}`;
  if (issue.code === 'too_big') return `最多${issue.maximum}${issue.type === 'array' ? '项' : '个字'}`;
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return '不能为空';
  return '格式不对';
}

/** The INVALID_INPUT message for the first problem in a rejected input. */
export function describeInputError(error: z.ZodError, action?: string): string {
  const issue = error.issues[0];
  if (!issue) return errorMessages.INVALID_INPUT;
  const key = issue.path.find((p): p is string => typeof p === 'string');
  const label = key ? (action ? actionLabels[action]?.[key] : undefined) ?? fieldLabels[key] ?? '' : '';
  return `${label ? `${label}：` : ''}${chineseReason(issue)}`;
}
