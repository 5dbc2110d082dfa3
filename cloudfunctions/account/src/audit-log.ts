import type { z } from 'zod';
import type { AuditRecordView } from '../../../src/shared/contract/account-audit';
import type { accountContract } from '../../../src/shared/contract/account';
import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import { auditActionLabel, auditChanges } from '../../../src/shared/domain/audit-labels';
import { cstAt, DAY_MS } from '../../../src/shared/domain/china-time';
import { Role } from '../../../src/shared/model';
import { decodeCursor, encodeCursor } from '../../_common/cursor';
import { auditRepo, type AuditDoc } from '../../_common/repositories/audit';
import { usersRepo, type UserDoc } from '../../_common/repositories/users';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';

/**
 * Who did what to whom (issue 12 point 3). An admin reads the whole school or one building; a
 * counselor one of their buildings, never a record without a building (school-wide changes and
 * records older than the building stamp stay admin-only). One read of the page on its index, one
 * read of the actors' names.
 */
export const auditLog: Handler<typeof accountContract.auditLog> = async ({ buildingId, action, actorUserId, targetId, from, to, cursor, limit }, { actor }) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', '分页参数无效，请刷新列表');
  const me = await actor();
  const scope = buildingScope(me);
  let building = buildingId ?? null;
  if (!scope.all) {
    building ??= scope.ids[0] ?? null;
    if (!building) return ok({ buildingId: null, items: [], nextCursor: null });
    if (!scope.ids.includes(building)) return fail('FORBIDDEN', '只能查看自己负责楼栋的操作记录');
  }
  let actorOpenid: string | undefined;
  if (actorUserId) {
    const who = await usersRepo.byId(actorUserId);
    if (!who) return ok({ buildingId: building, items: [], nextCursor: null });
    actorOpenid = who.openid;
  }
  const page = await auditRepo.page(
    {
      buildingId: building ?? undefined,
      action,
      actorOpenid,
      targetId,
      from: from ? cstAt(from, '00:00') : undefined,
      until: to ? new Date(cstAt(to, '00:00').getTime() + DAY_MS) : undefined,
    },
    after,
    limit ?? PAGE_LIMIT_DEFAULT,
  );
  const users = await usersRepo.byOpenids(page.items.map((r) => r.actorOpenid).filter(Boolean));
  const byOpenid = new Map(users.map((u) => [u.openid, u]));
  const last = page.items[page.items.length - 1];
  return ok({
    buildingId: building,
    items: page.items.map((r) => view(r, byOpenid.get(r.actorOpenid) ?? null)),
    nextCursor: page.more && last ? encodeCursor(new Date(last.at), last._id) : null,
  });
};

function view(r: AuditDoc, user: UserDoc | null): z.infer<typeof AuditRecordView> {
  const role = Role.safeParse(r.actorRole);
  const system = !user && !role.success;
  return {
    id: r._id,
    at: new Date(r.at).toISOString(),
    action: r.action,
    actionLabel: auditActionLabel(r.action),
    actor: { userId: user?._id ?? null, name: user?.name ?? (system ? '系统' : '未知用户'), role: role.success ? role.data : null },
    target: { collection: String(r.target?.collection ?? ''), id: String(r.target?.id ?? '') },
    buildingId: r.buildingId ?? null,
    reason: r.reason ?? null,
    changes: auditChanges(r.before, r.after),
  };
}
