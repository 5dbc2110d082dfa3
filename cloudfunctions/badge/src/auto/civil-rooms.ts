import type { badgeAutoContract } from '../../../../src/shared/contract/badge-auto';
import { MONTH_NOT_ENDED, monthEnded, previousMonth } from '../../../../src/shared/domain/badge-auto';
import type { BadgeDef } from '../../../../src/shared/domain/badges';
import type { Auditor } from '../../../_common/audit';
import {
  activeBadge, advanceRun, autoRun, civilRoomAward, civilRoomsPage, type CivilOutcome, type CivilRoomMonth,
} from '../../../_common/repositories/badge-auto';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { buildingScope, inScope } from '../../../_common/scope';

/** The cursor is the last room-month id settled (`roomId:YYYY-MM`). */
const CURSOR = /^[A-Za-z0-9_-]{1,64}:\d{4}-\d{2}$/;
const DEFAULT_CHUNK = 20;
/** The timer's chunk: with TIMER_CHUNKS, 50 rooms per firing, well inside the function's 20 s. */
const TIMER_CHUNK = 25;
/** Rooms settled at once within a chunk (each its own small transaction). */
const PARALLEL = 5;
/** Chunks per timer firing; the next firing (every 5 minutes on the 1st-3rd: 43,200 rooms) continues. */
export const TIMER_CHUNKS = 2;
export const CIVIL_TRIGGER = 'civil-rooms';
const TIMER: Auditor = { actorOpenid: 'system:timer', actorRole: 'system' };

type Scope = { all: true } | { all: false; ids: string[] };
interface Chunk { awarded: number; existing: number; skipped: number; last: string | null; more: boolean }

/** One bounded chunk: a page of the month's civilised rooms (index-served), each awarded in its own transaction. */
async function settleChunk(def: BadgeDef, month: string, scope: Scope, after: string | null, limit: number, now: Date, by: Auditor): Promise<Chunk> {
  const page = await civilRoomsPage(month, scope, after, limit);
  const outcomes: CivilOutcome[] = [];
  const queue: CivilRoomMonth[] = [...page.items];
  const worker = async () => {
    for (let rm = queue.shift(); rm; rm = queue.shift()) outcomes.push(await civilRoomAward(def, month, rm.roomId, now, by));
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  // A room whose award conflicted every retry (others writing the room at that moment) is left for the next settlement.
  const count = (...kinds: CivilOutcome[]) => outcomes.filter((o) => kinds.includes(o)).length;
  const last = page.items[page.items.length - 1]?._id ?? after;
  return { awarded: count('created'), existing: count('exists'), skipped: count('not-civilised', 'holder-missing', 'conflict'), last, more: page.more };
}

/**
 * A counselor (their buildings) or an admin settles a finished month's 文明寝室, one chunk per call;
 * the page calls again with `nextCursor` until it is null. Awards have the id of the room and month,
 * so settling again (or alongside the timer) awards nobody twice.
 */
export const settleCivilRooms: Handler<typeof badgeAutoContract.settleCivilRooms> = async ({ month, buildingId, cursor, limit }, ctx) => {
  const actor = await ctx.actor();
  if (buildingId !== undefined && !inScope(actor, buildingId)) return fail('FORBIDDEN', '只能评定自己负责楼栋的文明寝室');
  if (cursor !== undefined && (!CURSOR.test(cursor) || !cursor.endsWith(`:${month}`))) return fail('INVALID_INPUT', '分页参数无效，请从头开始评定');
  if (!monthEnded(month, ctx.now)) return fail('INVALID_STATE', MONTH_NOT_ENDED);
  const def = await activeBadge('civilRoom');
  if (!def) return fail('INVALID_STATE', '“文明寝室”徽章已停用，不再评定');
  const scope: Scope = buildingId !== undefined ? { all: false, ids: [buildingId] } : buildingScope(actor);
  if (!scope.all && scope.ids.length === 0) return ok({ month, awarded: 0, existing: 0, skipped: 0, nextCursor: null });
  const by: Auditor = { actorOpenid: ctx.caller.openid, actorRole: actor.role };
  const chunk = await settleChunk(def, month, scope, cursor ?? null, limit ?? DEFAULT_CHUNK, ctx.now, by);
  return ok({ month, awarded: chunk.awarded, existing: chunk.existing, skipped: chunk.skipped, nextCursor: chunk.more ? chunk.last : null });
};

/**
 * The timer (`civil-rooms`, every 5 minutes on the 1st to 3rd of a month): settles the month before
 * across the school, TIMER_CHUNKS chunks per firing, its place kept in `badge_auto_runs`. Two
 * firings at once settle the same chunk (each award once) and only one moves the place on.
 */
export async function civilRoomsDue(now: Date): Promise<{ month: string; awarded: number; existing: number; done: boolean }> {
  const month = previousMonth(now);
  const total = { month, awarded: 0, existing: 0, done: false };
  const def = await activeBadge('civilRoom');
  for (let i = 0; i < TIMER_CHUNKS; i += 1) {
    const run = await autoRun(month);
    if (run?.done) return { ...total, done: true };
    const from = run?.cursor ?? null;
    const chunk = def ? await settleChunk(def, month, { all: true }, from, TIMER_CHUNK, now, TIMER) : { awarded: 0, existing: 0, skipped: 0, last: from, more: false };
    const moved = await advanceRun(month, from, { cursor: chunk.last, done: !chunk.more, awarded: chunk.awarded, existing: chunk.existing }, now);
    total.awarded += chunk.awarded;
    total.existing += chunk.existing;
    if (!moved.ok) return total;
    if (!chunk.more) return { ...total, done: true };
  }
  return total;
}

/** The timer's progress for a month. */
export const civilRoomsRun: Handler<typeof badgeAutoContract.civilRoomsRun> = async ({ month }) => {
  const run = await autoRun(month);
  return ok({
    month,
    state: !run ? 'notStarted' : run.done ? 'done' : 'running',
    awarded: run?.awarded ?? 0,
    existing: run?.existing ?? 0,
    startedAt: run ? new Date(run.startedAt).toISOString() : null,
    finishedAt: run?.finishedAt ? new Date(run.finishedAt).toISOString() : null,
  });
};

