import { randomBytes } from 'node:crypto';
import type { plaqueContract } from '../../../../src/shared/contract/plaque';
import { plaqueCodeFrom } from '../../../../src/shared/domain/plaque-code';
import { decodeStateCursor, encodeStateCursor } from '../../../_common/cursor';
import { orgRepo } from '../../../_common/repositories/org';
import { plaquesRepo } from '../../../_common/repositories/plaques';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';

/** Rooms reissued in one transaction: reads and writes stay bounded however big the building. */
export const REISSUE_CHUNK = 25;

interface RunCursor {
  b: string;
  /** When the run began (ms): rooms issued since keep their code, so a retried chunk is not redone. */
  s: number;
  f: number;
  n: string;
  i: string;
}

/**
 * After a building's codes leaked, an admin retires every code of the building and issues new ones:
 * one chunk of rooms per call, each chunk one transaction with its audit record. The answer's cursor
 * continues the run; a chunk lost to contention answers CONFLICT and is simply asked again with the
 * same cursor. The old codes then answer CODE_RETIRED on a scan; the cards are printed again.
 */
export const reissueBuilding: Handler<typeof plaqueContract.reissueBuilding> = async ({ buildingId, cursor }, ctx) => {
  const me = await ctx.actor();
  let run: RunCursor | null = null;
  if (cursor !== undefined) {
    const s = decodeStateCursor(cursor) as Partial<RunCursor> | null;
    if (!s || s.b !== buildingId || typeof s.s !== 'number' || typeof s.f !== 'number' || typeof s.n !== 'string' || typeof s.i !== 'string') {
      return fail('INVALID_INPUT', '重发进度无效，请重新开始整栋重发');
    }
    run = s as RunCursor;
  }
  const building = await orgRepo.buildingById(buildingId);
  if (!building) return fail('NOT_FOUND', '没有找到这栋楼');
  const since = run ? new Date(run.s) : ctx.now;
  const page = await orgRepo.roomsPage(buildingId, run ? { floor: run.f, number: run.n, id: run.i } : null, REISSUE_CHUNK);
  const stale = page.items.filter((r) => new Date(r.plaqueIssuedAt) < since);
  const outcome = await plaquesRepo.reissueRooms(
    building,
    stale.map((r) => r._id),
    stale.map(() => plaqueCodeFrom(randomBytes(10))),
    since,
    ctx.now,
    { actorOpenid: ctx.caller.openid, actorRole: me.role },
  );
  if (!outcome.ok) return fail('CONFLICT', '有人同时在改这栋楼的门牌编号，请稍后继续');
  const last = page.items[page.items.length - 1];
  const nextCursor = page.more && last ? encodeStateCursor({ b: buildingId, s: since.getTime(), f: last.floor, n: last.number, i: last._id } satisfies RunCursor) : null;
  return ok({ reissued: outcome.reissued, nextCursor });
};
