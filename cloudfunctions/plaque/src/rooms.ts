import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { decodeRoomCursor, encodeRoomCursor } from '../../_common/cursor';
import { orgRepo } from '../../_common/repositories/org';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { inScope } from '../../_common/scope';
import { iso } from './iso';

const BAD_CURSOR = '分页参数无效，请刷新列表';

/**
 * A building's rooms with their current codes, by floor and number, a page at a time (a big building
 * has over a thousand rooms), for printing and reissuing plaques. Buildings are public (see
 * `buildings`), so a counselor asking about one outside their scope is told FORBIDDEN.
 */
export const rooms: Handler<typeof plaqueContract.rooms> = async ({ buildingId, cursor, limit }, { actor }) => {
  if (!inScope(await actor(), buildingId)) return fail('FORBIDDEN', '这栋楼不在你负责的范围内');
  const after = cursor === undefined ? null : decodeRoomCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  const building = await orgRepo.buildingById(buildingId);
  if (!building) return fail('NOT_FOUND', '没有找到这栋楼');
  const page = await orgRepo.roomsPage(buildingId, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.lastRead;
  return ok({
    items: page.items.map((r) => ({ id: r._id, number: r.number, floor: r.floor, code: r.plaqueCode, codeIssuedAt: iso(r.plaqueIssuedAt) })),
    nextCursor: page.more && last ? encodeRoomCursor(last) : null,
  });
};
