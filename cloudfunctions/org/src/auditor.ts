import type { Auditor } from '../../_common/audit';
import type { ActionContext } from '../../_common/router';

/** Who makes the change, for the audit record written in its transaction. */
export async function auditorOf(ctx: ActionContext): Promise<Auditor> {
  const { role } = await ctx.actor();
  return { actorOpenid: ctx.caller.openid, actorRole: role };
}

export const BAD_CURSOR = '分页参数无效，请刷新列表';
/** Pages of copies a rename carries out at once (100 each); the rest on `syncCopies`. */
export const COPY_PAGES_PER_CALL = 5;
