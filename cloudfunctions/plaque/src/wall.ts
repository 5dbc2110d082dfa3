import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { RATE_LIMITS } from '../../../src/shared/domain/rate-limits';
import { isPublic, toPublicMember } from '../../../src/shared/domain/public-member';
import { photoUrls } from '../../_common/photos';
import { consumePublic } from '../../_common/rate-limit';
import { membersRepo } from '../../_common/repositories/members';
import { orgRepo } from '../../_common/repositories/org';
import { fail, ok } from '../../_common/result';
import { termAt } from '../../_common/terms';
import type { Handler } from '../../_common/router';
import { byFloor } from './wall-layout';
import { decodeCursor, encodeCursor } from '../../_common/cursor';

/** A wall page: a few floors of a building at a time (the contract's most). */
const WALL_PAGE = 50;

/**
 * A building's consenting members by floor (楼栋党员公示牌), lowest floor first, a page at a time (a
 * floor may continue on the next page: the page merges them). Rate-limited per user like a scan, so
 * paging through buildings cannot copy the school's member list. Two reads (building by id, members
 * by building) plus the rate-limit write, made side by side.
 */
export const wall: Handler<typeof plaqueContract.wall> = async ({ buildingId, cursor, limit }, { caller, now, actor }) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', '分页参数无效，请刷新列表');
  const limits = { public: RATE_LIMITS.wallView, staff: RATE_LIMITS.wallViewStaff };
  const limited = await consumePublic(limits, caller.openid, now, async () => (await actor()).role);
  if (!limited.ok) return limited;
  const [building, page] = await Promise.all([orgRepo.buildingById(buildingId), membersRepo.publicInBuilding(buildingId, after, limit ?? WALL_PAGE)]);
  if (!building) return fail('NOT_FOUND', '没有找到这栋楼');
  // The query asks for consent already; the rule is applied again so no query change can leak anyone.
  const members = page.items.filter(isPublic);
  const last = page.items[page.items.length - 1];
  const photos = await photoUrls(members.map((m) => m.photoFileId));
  const term = (await termAt(now)).key;
  const entries = members.map((m) => ({
    floor: m.floor,
    entry: {
      ...toPublicMember(m, { branch: m.branchName, group: m.groupName, photoUrl: m.photoFileId ? photos.get(m.photoFileId) ?? null : null }, term, now),
      roomNumber: m.roomNumber,
    },
  }));
  return ok({ building: { id: building._id, name: building.name, communityName: building.communityName }, floors: byFloor(entries), nextCursor: page.more && last ? encodeCursor(new Date(last.floor), last._id) : null });
};
