import type { rosterContract } from '../../../src/shared/contract/roster';
import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import { rosterImportsRepo } from '../../_common/repositories/roster-imports';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

/** The diff, page by page in file order (one kind, when asked); the cursor is the last line's seq. */
export const changes: Handler<typeof rosterContract.changes> = async ({ jobId, kind, cursor, limit = PAGE_LIMIT_DEFAULT }, _ctx) => {
  let after = -1;
  if (cursor !== undefined) {
    if (!/^\d{1,7}$/.test(cursor)) return fail('INVALID_INPUT', '翻页位置无效，请从第一页重新查看');
    after = Number(cursor);
  }
  const job = await rosterImportsRepo.jobById(jobId);
  if (!job) return fail('NOT_FOUND', '没有找到这次导入，请重新上传文件预览');
  const page = await rosterImportsRepo.changesPage(jobId, kind ?? null, after, limit);
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map((c) => ({ seq: c.seq, kind: c.kind, row: c.row, subject: c.subject, name: c.name, before: c.before, after: c.after })),
    nextCursor: page.more && last ? String(last.seq) : null,
  });
};
