import { z } from 'zod';
import { isCalendarDate } from '../domain/china-time';
import { Id, Role } from '../model';
import { action, type FunctionContract } from './define';
import { PageInput, Timestamp, nextCursorOutput } from './common';

/** The audit view (issue 12 point 3): who did what to whom, with before and after, for admins and counselors in scope. */

const ChinaDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD').refine(isCalendarDate, '日期不存在');

export const AuditChangeView = z.object({ field: z.string(), label: z.string(), before: z.string(), after: z.string() }).strict();

export const AuditRecordView = z
  .object({
    id: Id,
    at: Timestamp,
    action: z.string(),
    /** The action's Chinese name (src/shared/domain/audit-labels.ts). */
    actionLabel: z.string(),
    /** Who: the user behind the openid when known (a timer or a removed account shows 系统 / 未知). */
    actor: z.object({ userId: Id.nullable(), name: z.string(), role: Role.nullable() }).strict(),
    target: z.object({ collection: z.string(), id: z.string() }).strict(),
    buildingId: Id.nullable(),
    reason: z.string().nullable(),
    /** Before and after, one line per changed field, in Chinese. */
    changes: z.array(AuditChangeView),
  })
  .strict();
export type AuditRecordView = z.infer<typeof AuditRecordView>;

export const AuditLogInput = z
  .object({
    /** A counselor's view is always one of their buildings (the first when omitted); an admin's may be the whole school. */
    buildingId: Id.optional(),
    action: z.string().trim().min(3).max(60).regex(/^[a-zA-Z.]+$/, '操作类型无效').optional(),
    actorUserId: Id.optional(),
    /** The record's target: a person's roster id, a member, a room … (the id the record names). */
    targetId: z.string().trim().min(1).max(140).regex(/^[A-Za-z0-9_:-]+$/, '对象编号无效').optional(),
    from: ChinaDate.optional(),
    to: ChinaDate.optional(),
    ...PageInput,
  })
  .strict()
  .refine((i) => [i.action, i.actorUserId, i.targetId].filter((v) => v !== undefined).length <= 1, '操作类型、操作人和对象一次只能按其中一项筛选')
  .refine((i) => !i.from || !i.to || i.from <= i.to, '开始日期不能晚于结束日期');

export const accountAuditContract = {
  auditLog: action({
    summary: 'the audit records, newest first, cursor-paged: an admin the whole school or one building, a counselor one of their buildings only (records without a building are admin-only); filtered by action, actor or target, and a China date range; before and after in Chinese',
    roles: ['counselor', 'admin'],
    errors: [],
    input: AuditLogInput,
    output: z.object({ buildingId: Id.nullable(), items: z.array(AuditRecordView), nextCursor: nextCursorOutput }).strict(),
  }),
} satisfies FunctionContract;
