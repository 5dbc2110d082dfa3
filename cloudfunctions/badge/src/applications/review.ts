import type { badgeApplicationsContract } from '../../../../src/shared/contract/badge-applications';
import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import { awardIds, validUntil } from '../../../../src/shared/domain/badges';
import { cstDate } from '../../../../src/shared/domain/china-time';
import { decodeCursor, encodeCursor } from '../../../_common/cursor';
import type { AwardDoc } from '../../../_common/docs';
import { applicationsRepo } from '../../../_common/repositories/badge-applications';
import { badgeDef } from '../../../_common/repositories/badges';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { buildingScope, inScope } from '../../../_common/scope';
import { tempUrls } from '../../../_common/storage';
import { termRule } from '../../../_common/terms';
import { applicationView } from './views';

/** The counselor's side: pending applications in scope, and the decision that gives the room its badge. */

const MODEL_ROOM = 'modelRoom';

export const pendingApplications: Handler<typeof badgeApplicationsContract.pendingApplications> = async ({ buildingId, cursor, limit }, { actor }) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', '分页参数无效，请刷新列表');
  const me = await actor();
  if (buildingId !== undefined && !inScope(me, buildingId)) return fail('FORBIDDEN', '只能查看自己负责楼栋的申请');
  const scope = buildingId !== undefined ? { all: false as const, ids: [buildingId] } : buildingScope(me);
  if (!scope.all && scope.ids.length === 0) return ok({ items: [], nextCursor: null });
  const { items, more } = await applicationsRepo.pendingPage(scope, after, limit ?? PAGE_LIMIT_DEFAULT);
  const urls = await tempUrls(items.flatMap((a) => a.photoFileIds));
  const last = items[items.length - 1];
  return ok({ items: items.map((a) => applicationView(a, urls)), nextCursor: more && last ? encodeCursor(new Date(last.submittedAt), last._id) : null });
};

export const decideApplication: Handler<typeof badgeApplicationsContract.decideApplication> = async ({ id, approve, reason }, { caller, now, actor }) => {
  const me = await actor();
  const [app, def] = await Promise.all([applicationsRepo.byId(id), badgeDef(MODEL_ROOM)]);
  if (!app) return fail('NOT_FOUND', '没有找到这份申请');
  if (!inScope(me, app.buildingId)) return fail('FORBIDDEN', '只能审核自己负责楼栋的申请');
  if (approve && (!def || !def.active)) return fail('INVALID_STATE', '“党员示范寝室”徽章已停用，请管理员在徽章目录中启用后再审核');
  const by = me.user?._id ?? caller.openid;
  const termAt = await termRule(now);
  const awardOf = (a: typeof app): AwardDoc => ({
    _id: awardIds.application(a._id), code: MODEL_ROOM, name: def!.name, holder: { kind: 'room', id: a.roomId, label: a.roomLabel }, buildingId: a.buildingId,
    source: 'application', sourceRef: a._id, reason: reason || '党员示范寝室申请审核通过', validFrom: cstDate(now), until: validUntil(def!.validity, now, termAt),
    awardedBy: by, awardedAt: now, revoked: null,
  });
  const outcome = await applicationsRepo.decide(id, { approve, reason, by }, awardOf, { actorOpenid: caller.openid, actorRole: me.role }, now);
  if (outcome.ok) return ok({ done: true as const });
  if (outcome.code === 'NOT_FOUND') return fail('NOT_FOUND', '没有找到这份申请');
  if (outcome.code === 'ROOM_MISSING') return fail('NOT_FOUND', '没有找到申请的寝室');
  if (outcome.code === 'WRONG_STATE') return fail('INVALID_STATE', '这份申请已经审核过，结论不能更改');
  return fail('CONFLICT');
};
