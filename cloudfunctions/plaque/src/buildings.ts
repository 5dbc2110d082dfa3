import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { orgRepo } from '../../_common/repositories/org';
import { ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { byName, byNumber } from './order';

/** Every building with its community, for the wall picker and the counselor screens: one read. */
export const buildings: Handler<typeof plaqueContract.buildings> = async () => {
  const all = await orgRepo.buildings();
  all.sort((a, b) => byName(a.communityName, b.communityName) || byNumber(a.name, b.name));
  return ok({ buildings: all.map((b) => ({ id: b._id, name: b.name, communityName: b.communityName, floors: b.floors })) });
};
