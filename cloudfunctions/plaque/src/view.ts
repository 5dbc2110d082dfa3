import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { RATE_LIMITS } from '../../../src/shared/domain/rate-limits';
import { isPublic, toPublicMember } from '../../../src/shared/domain/public-member';
import { badgeTags } from '../../../src/shared/domain/badge-rules';
import { photoUrls } from '../../_common/photos';
import { consumePublic } from '../../_common/rate-limit';
import { plaquesRepo } from '../../_common/repositories/plaques';
import { membersRepo } from '../../_common/repositories/members';
import { fail, ok } from '../../_common/result';
import { termAt } from '../../_common/terms';
import type { Handler } from '../../_common/router';

/**
 * A scan of a door: the room, its consenting residents and its consenting linked members (联系党员).
 * Two reads (the plaque, then residents and linked members together) and one write (the rate limit).
 */
export const view: Handler<typeof plaqueContract.view> = async ({ code }, { caller, now, actor }) => {
  const limits = { public: RATE_LIMITS.plaqueView, staff: RATE_LIMITS.plaqueViewStaff };
  const limited = await consumePublic(limits, caller.openid, now, async () => (await actor()).role);
  if (!limited.ok) return limited;
  const plaque = await plaquesRepo.byCode(code);
  if (!plaque) return fail('NOT_FOUND', '没有找到这个寝室二维码');
  if (plaque.status !== 'active') return fail('CODE_RETIRED');
  const members = (await membersRepo.publicOnPlaque(plaque.roomId)).filter(isPublic);
  const photos = await photoUrls(members.map((m) => m.photoFileId));
  const term = (await termAt(now)).key;
  const show = (m: (typeof members)[number]) =>
    toPublicMember(m, { branch: m.branchName, group: m.groupName, photoUrl: m.photoFileId ? photos.get(m.photoFileId) ?? null : null }, term, now);
  return ok({
    room: { id: plaque.roomId, number: plaque.room.number, floor: plaque.room.floor, buildingId: plaque.buildingId, buildingName: plaque.room.buildingName },
    members: members.filter((m) => m.roomId === plaque.roomId).map(show),
    linkedMembers: members.filter((m) => m.roomId !== plaque.roomId).map(show),
    // The room's badges ride on the plaque document (kept by the badges repository); a 脏乱差 flag suspends them.
    roomBadges: badgeTags(plaque.roomAwards, now, plaque.roomFlagged === true),
  });
};
