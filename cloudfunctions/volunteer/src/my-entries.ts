import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { entriesRepo } from '../../_common/repositories/entries';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { entriesOf } from './entry-view';
import { ownMember } from './own-member';

/** The caller's entries, newest service date first, with temporary photo URLs (one storage call). */
export const myEntries: Handler<typeof volunteerContract.myEntries> = async ({ status }, ctx) => {
  const own = await ownMember(ctx);
  if (!own) return fail('NOT_FOUND', '没有找到你的党员档案');
  return ok({ entries: await entriesOf(await entriesRepo.ofMember(own.memberId, status)) });
};
