import { PAGE_LIMIT_DEFAULT, type volunteerContract } from '../../../src/shared/contract/volunteer';
import { decodeCursor, encodeCursor } from '../../_common/cursor';
import { entriesRepo } from '../../_common/repositories/entries';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { buildingScope } from '../../_common/scope';
import { entryOf } from './entry-view';
import { photoUrls } from '../../_common/photos';
import { BAD_CURSOR } from './list-activities';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Pending entries of the counselor's buildings, oldest submission first, with their age in whole
 * days, a page at a time. The caller's own entries are left out after the read (someone else
 * reviews them), so a page may be shorter than `limit` while `nextCursor` still says more follow.
 */
export const pendingEntries: Handler<typeof volunteerContract.pendingEntries> = async ({ buildingId, cursor, limit }, ctx) => {
  const me = await ctx.actor();
  const scope = buildingScope(me);
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  // Another building's queue looks empty, as it does to someone who has none.
  if (buildingId && !scope.all && !scope.ids.includes(buildingId)) return ok({ items: [], nextCursor: null });
  const page = await entriesRepo.pending(scope, buildingId, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  const docs = page.items.filter((e) => e.userId !== me.user?._id);
  const urls = await photoUrls(docs.flatMap((d) => d.photoFileIds));
  return ok({
    items: docs.map((d) => ({
      ...entryOf(d, urls),
      memberId: d.memberId,
      memberName: d.memberName,
      branchName: d.branchName,
      ageDays: d.submittedAt ? Math.max(0, Math.floor((ctx.now.getTime() - new Date(d.submittedAt).getTime()) / DAY_MS)) : 0,
    })),
    nextCursor: page.more && last ? encodeCursor(last.submittedAt ? new Date(last.submittedAt) : null, last._id) : null,
  });
};
