import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import type { visitsContract } from '../../../../src/shared/contract/checkin-visits';
import { visitsRepo } from '../../../_common/repositories/checkin-visits';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { BAD_CURSOR } from './visit-view';

const CURSOR = /^[A-Za-z0-9_-]{1,64}$/;

/** A building's members with their linked rooms, by member id, for the link management page. */
export const memberLinks: Handler<typeof visitsContract.memberLinks> = async ({ buildingId, cursor, limit }, ctx) => {
  if (!inScope(await ctx.actor(), buildingId)) return fail('FORBIDDEN', '这栋楼不在你负责的范围');
  if (cursor !== undefined && !CURSOR.test(cursor)) return fail('INVALID_INPUT', BAD_CURSOR);
  const page = await visitsRepo.membersOfBuilding(buildingId, cursor ?? null, limit ?? PAGE_LIMIT_DEFAULT);
  const rooms = new Map((await visitsRepo.rooms([...new Set(page.items.flatMap((m) => m.linkedRoomIds ?? []))])).map((r) => [r._id, r]));
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map((m) => ({
      id: m._id,
      name: m.name,
      roomNumber: m.roomNumber,
      rooms: (m.linkedRoomIds ?? []).flatMap((id) => {
        const r = rooms.get(id);
        return r ? [{ id: r._id, number: r.number, buildingName: r.buildingName }] : [];
      }),
    })),
    nextCursor: page.more && last ? last._id : null,
  });
};
