import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import { AutoSource, type badgeAutoContract } from '../../../../src/shared/contract/badge-auto';
import { decodeCursor, encodeCursor } from '../../../_common/cursor';
import { autoAwardsPage } from '../../../_common/repositories/badge-auto';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { buildingScope, inScope } from '../../../_common/scope';

/** What the automatic awards did in the caller's buildings (an admin's: all), newest first. */
export const autoAwards: Handler<typeof badgeAutoContract.autoAwards> = async ({ source, buildingId, cursor, limit }, ctx) => {
  const actor = await ctx.actor();
  if (buildingId !== undefined && !inScope(actor, buildingId)) return fail('FORBIDDEN', '只能查看自己负责楼栋的自动授予记录');
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', '分页参数无效，请刷新列表');
  const scope = buildingId !== undefined ? { all: false as const, ids: [buildingId] } : buildingScope(actor);
  if (!scope.all && scope.ids.length === 0) return ok({ items: [], nextCursor: null });
  const page = await autoAwardsPage(source ? [source] : AutoSource.options, scope, after, limit ?? PAGE_LIMIT_DEFAULT);
  const items = page.items.map((a) => ({
    id: a._id,
    code: a.code,
    name: a.name,
    holder: { kind: a.holder.kind, id: a.holder.id, label: a.holder.label },
    buildingId: a.buildingId,
    source: AutoSource.parse(a.source),
    sourceRef: a.sourceRef,
    reason: a.reason,
    awardedAt: new Date(a.awardedAt).toISOString(),
    validFrom: a.validFrom,
    until: a.until,
    revoked: a.revoked !== null,
  }));
  const last = page.items[page.items.length - 1];
  return ok({ items, nextCursor: page.more && last ? encodeCursor(new Date(last.awardedAt), last._id) : null });
};
