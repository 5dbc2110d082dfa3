import type { volunteerContract } from '../../../src/shared/contract/volunteer';
import { entriesRepo } from '../../_common/repositories/entries';
import { ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import { entryOf } from './entry-view';
import { photoUrls } from '../../_common/photos';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Pending entries of the counselor's buildings, oldest first, with their age in whole days. */
export const pendingEntries: Handler<typeof volunteerContract.pendingEntries> = async ({ buildingId }, ctx) => {
  const me = await ctx.actor();
  const scope = buildingScope(me);
  // Another building's queue looks empty, as it does to someone who has none.
  if (buildingId && !scope.all && !scope.ids.includes(buildingId)) return ok({ entries: [] });
  const docs = (await entriesRepo.pending(scope, buildingId)).filter((e) => e.userId !== me.user?._id);
  const urls = await photoUrls(docs.flatMap((d) => d.photoFileIds));
  return ok({
    entries: docs.map((d) => ({
      ...entryOf(d, urls),
      memberId: d.memberId,
      memberName: d.memberName,
      branchName: d.branchName,
      ageDays: d.submittedAt ? Math.max(0, Math.floor((ctx.now.getTime() - new Date(d.submittedAt).getTime()) / DAY_MS)) : 0,
    })),
  });
};
