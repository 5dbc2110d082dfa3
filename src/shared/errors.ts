import { z } from 'zod';

/** The closed set of error codes any action may answer with. Pages show `errorMessages[code]`. */
export const ErrorCode = z.enum([
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'NOT_BOUND',
  'FORBIDDEN',
  'NOT_FOUND',
  'CODE_RETIRED',
  'CONFLICT',
  'ALREADY_BOUND',
  'ROSTER_MISMATCH',
  'INVITE_INVALID',
  'RATE_LIMITED',
  'CONTENT_REJECTED',
  'CONTENT_CHECK_UNAVAILABLE',
  'UNKNOWN_ACTION',
  'INVALID_STATE',
  'ENTRY_IN_FUTURE',
  'ENTRY_TOO_LATE',
  'ENTRY_TIME_INVALID',
  'DAILY_LIMIT',
  'ENTRY_OVERLAP',
  'ENTRY_DUPLICATE',
  'CODE_EXPIRED',
  'CODE_REPLAYED',
  'WRONG_PHASE',
  'ROUND_PHASE',
  'NOT_ELIGIBLE',
  'NOT_IN_ELECTORATE',
  'ALREADY_VOTED',
  'SELF_VOTE',
  // inspections (issue 10)
  'REINSPECTION_SAME_INSPECTOR',
  'ROOM_FLAGGED',
  // badge: applications (issue 11)
  'ALREADY_APPLIED',
  // checkin: duty
  'NOT_ON_DUTY',
  'STATION_KEY_INVALID',
  'SHIFT_TIME_INVALID',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const errorMessages: Record<ErrorCode, string> = {
  INVALID_INPUT: '填写的内容有误，请检查后重试',
  UNAUTHENTICATED: '无法识别微信身份，请重新进入小程序',
  NOT_BOUND: '请先在“我的”页面绑定学号',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '没有找到相关内容',
  CODE_RETIRED: '该寝室二维码已停用，请扫描门上的新二维码',
  CONFLICT: '数据已被他人修改，请刷新后重试',
  ALREADY_BOUND: '该学号或微信已绑定',
  ROSTER_MISMATCH: '学号与姓名不匹配',
  INVITE_INVALID: '邀请码无效或已过期',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  CONTENT_REJECTED: '内容未通过安全检查，请修改后再提交',
  CONTENT_CHECK_UNAVAILABLE: '内容安全检查暂时不可用，请稍后再试',
  UNKNOWN_ACTION: '不支持的操作，请更新小程序',
  INVALID_STATE: '当前状态下不能进行此操作，请刷新后重试',
  ENTRY_IN_FUTURE: '不能登记未来的服务时间',
  ENTRY_TOO_LATE: '只能登记30天内的志愿服务',
  ENTRY_TIME_INVALID: '结束时间需晚于开始时间，且时长至少半小时',
  DAILY_LIMIT: '每人每天最多登记12小时志愿服务',
  ENTRY_OVERLAP: '与已登记的志愿服务时间重叠',
  ENTRY_DUPLICATE: '已经登记过相同的志愿服务',
  CODE_EXPIRED: '签到码已过期，请扫描最新的二维码',
  CODE_REPLAYED: '该签到码已使用过',
  WRONG_PHASE: '请先签到再签退',
  ROUND_PHASE: '评选当前不在这个阶段，请刷新后查看进度',
  NOT_ELIGIBLE: '该党员不符合候选条件',
  NOT_IN_ELECTORATE: '你不在本轮评选的投票范围内（仅限本轮楼栋已绑定学号的同学）',
  ALREADY_VOTED: '你已经投过票，每轮只能投一次，投出后不能更改',
  SELF_VOTE: '不能投票给自己',
  REINSPECTION_SAME_INSPECTOR: '整改复查需由另一位检查员进行',
  ROOM_FLAGGED: '所在寝室被评为“脏乱差”，整改完成前不得发展或转正',
  // badge: applications (issue 11)
  ALREADY_APPLIED: '本学期这个寝室已经提交过党员示范寝室申请',
  // checkin: duty
  NOT_ON_DUTY: '你此时在这个服务站没有值班',
  STATION_KEY_INVALID: '服务站展示密钥无效或已被撤销，请联系管理员重新发放',
  SHIFT_TIME_INVALID: '值班时长需为30分钟到12小时（结束时间不晚于开始时间即为次日结束，如22:00至次日08:00）',
  INTERNAL: '服务暂时不可用，请稍后再试',
};

export const AppErrorSchema = z.object({
  code: ErrorCode,
  message: z.string(),
  /** RATE_LIMITED: when the caller may try again. */
  retryAfterSeconds: z.number().int().positive().optional(),
});
export type AppErrorBody = z.infer<typeof AppErrorSchema>;
