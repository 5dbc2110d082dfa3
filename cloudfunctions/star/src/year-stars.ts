import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import type { starContract } from '../../../src/shared/contract/star';
import { isMonthKey } from '../../../src/shared/domain/star';
import { starsRepo } from '../../_common/repositories/stars';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

/** `YYYY-MM_<round id>`: the last item's month and id (a month is not a time, so not the shared cursor). */
function decode(cursor: string): { month: string; id: string } | null {
  const m = /^(\d{4}-\d{2})~([A-Za-z0-9_-]{1,64})$/.exec(cursor);
  return m && isMonthKey(m[1]) ? { month: m[1], id: m[2] } : null;
}

/** A year's final monthly stars with their votes, latest month first: the list the year's 党员之星 is chosen from. */
export const yearStars: Handler<typeof starContract.yearStars> = async ({ year, cursor, limit }) => {
  const after = cursor === undefined ? null : decode(cursor);
  if (cursor !== undefined && !after) return fail('INVALID_INPUT', '分页参数无效，请刷新列表');
  const page = await starsRepo.finalInYear(year, after, limit ?? PAGE_LIMIT_DEFAULT);
  const items = page.items.flatMap((r) =>
    r.star
      ? [{ roundId: r._id, month: r.month, scopeLabel: r.scopeLabel, star: r.star, votes: r.tally?.find((t) => t.memberId === r.star?.memberId)?.votes ?? 0, ballots: r.ballots ?? 0 }]
      : [],
  );
  const last = page.items[page.items.length - 1];
  return ok({ items, nextCursor: page.more && last ? `${last.month}~${last._id}` : null });
};
