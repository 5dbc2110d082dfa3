import { z } from 'zod';
import { errorMessages } from '../shared/errors';

/** Chinese names of input fields, so a rejected form says which box to fix. */
const fieldLabels: Record<string, string> = {
  studentNo: '学号',
  name: '姓名',
  code: '编号',
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
export function describeInputError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return errorMessages.INVALID_INPUT;
  const key = issue.path.find((p): p is string => typeof p === 'string');
  const label = key ? fieldLabels[key] ?? '' : '';
  return `${label ? `${label}：` : ''}${chineseReason(issue)}`;
}
