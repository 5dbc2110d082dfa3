import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { orgRepo } from '../../_common/repositories/org';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { inScope } from '../../_common/scope';
import { iso } from './iso';

/**
 * A building's rooms with their current codes, for printing and reissuing plaques. Buildings are
 * public (see `buildings`), so a counselor asking about one outside their scope is told FORBIDDEN.
 */
export const rooms: Handler<typeof plaqueContract.rooms> = async ({ buildingId }, { actor }) => {
  if (!inScope(await actor(), buildingId)) return fail('FORBIDDEN', '这栋楼不在你负责的范围内');
  const building = await orgRepo.buildingById(buildingId);
  if (!building) return fail('NOT_FOUND', '没有找到这栋楼');
  const list = await orgRepo.roomsInBuilding(buildingId);
  return ok({ rooms: list.map((r) => ({ id: r._id, number: r.number, floor: r.floor, code: r.plaqueCode, codeIssuedAt: iso(r.plaqueIssuedAt) })) });
};
