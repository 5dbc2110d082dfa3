import { PAGE_LIMIT_DEFAULT, type volunteerContract } from '../../../src/shared/contract/volunteer';
import { cstAt } from '../../../src/shared/domain/china-time';
import { decodeCursor, encodeCursor } from '../../_common/cursor';
import { entriesRepo } from '../../_common/repositories/entries';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { entriesOf } from './entry-view';
import { BAD_CURSOR } from './list-activities';
import { ownMember } from './own-member';

/**
 * The caller's entries, latest service date and start first, a page at a time, with temporary photo
 * URLs (one storage call); with a date, that day's only (the log form checks the day rules against
 * them, as the server does). The cursor's instant is the last item's date and start in China time.
 */
export const myEntries: Handler<typeof volunteerContract.myEntries> = async ({ status, date, cursor, limit }, ctx) => {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', BAD_CURSOR);
  const own = await ownMember(ctx);
  if (!own) return fail('NOT_FOUND', '没有找到你的党员档案');
  const page = await entriesRepo.ofMember(own.memberId, { status, date }, after, limit ?? PAGE_LIMIT_DEFAULT);
  const last = page.items[page.items.length - 1];
  return ok({
    items: await entriesOf(page.items),
    nextCursor: page.more && last ? encodeCursor(cstAt(last.date, last.start), last._id) : null,
  });
};

/** One of the caller's entries by id (one read by `_id`), however old: another member's answers as a missing one. */
export const myEntry: Handler<typeof volunteerContract.myEntry> = async ({ id }, ctx) => {
  const own = await ownMember(ctx);
  if (!own) return fail('NOT_FOUND', '没有找到你的党员档案');
  const entry = await entriesRepo.byId(id);
  if (!entry || entry.memberId !== own.memberId) return fail('NOT_FOUND', '没有找到这条志愿服务记录，它可能已被撤回或删除');
  const [view] = await entriesOf([entry]);
  return ok({ entry: view });
};
