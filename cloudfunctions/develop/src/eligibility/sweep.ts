import { dirtyRepo, type DirtyDoc } from '../../../_common/repositories/develop-points-dirty';
import { pointsRepo } from '../../../_common/repositories/develop-points';
import type { FactMemberDoc } from '../../../_common/repositories/develop-facts';
import type { MemberStatus } from '../../../../src/shared/model';
import { computeFor } from './compute';

/**
 * The timer that keeps points fresh (config.json `triggers`: CloudBase allows one timer per
 * function, so one firing every 5 minutes does both jobs): first the members events marked dirty,
 * then the next steps of the full pass over every activist, candidate and probationary member.
 */
export const POINTS_TRIGGER = 'develop-points-sweep';

/** Members read per step of the full pass (one index-served read each). */
export const SWEEP_BATCH = 100;
/** Marks read per step of the dirty sweep. */
export const DIRTY_BATCH = 100;
/**
 * Work time per firing, of the function's 60 s timeout (config.json): a firing starts no group of
 * PARALLEL computations after it, so it ends inside its timeout whatever the school's size or the
 * machine's load. The dirty marks may use DIRTY_BUDGET_MS of it; the full pass takes what is left.
 * Each keeps its progress after every step (the full pass's place is the last member computed).
 */
export const SWEEP_BUDGET_MS = 30_000;
export const DIRTY_BUDGET_MS = 20_000;
/** A firing never computes more than this many marked members, however fast (a bound without the clock). */
export const DIRTY_MAX = 2000;
/**
 * Members of the full pass per firing: 288 firings a day go round 86,400 members, so a school's
 * thousands of activists, candidates and probationary members pass several times a day.
 */
export const FULL_PER_FIRING = 300;
/** Members computed at once (each computation is a handful of reads and one write). */
const PARALLEL = 4;
const ORDER: MemberStatus[] = ['activist', 'candidate', 'probationary'];

/** Elapsed work time, for the budget (an operational bound, not a rule: rules use `now`). */
const since = (start: number) => performance.now() - start;

/** Computes `units` in groups of PARALLEL while the budget lasts; answers how many (a prefix) were done. */
async function computeWhile<T>(units: T[], compute: (unit: T) => Promise<void>, start: number, budgetMs: number): Promise<number> {
  let done = 0;
  while (done < units.length && since(start) < budgetMs) {
    const group = units.slice(done, done + PARALLEL);
    await Promise.all(group.map(compute));
    done += group.length;
  }
  return done;
}

/** One firing: the dirty marks, then the full pass with the time left (both bounded). */
export async function sweepPoints(now: Date) {
  const start = performance.now();
  const { rules } = await pointsRepo.rules();
  const dirty = await sweepDirty(now, rules, start);
  const full = await sweepFull(now, rules, start);
  return { dirty, full, elapsedMs: Math.round(since(start)) };
}

type Rules = Awaited<ReturnType<typeof pointsRepo.rules>>['rules'];

/**
 * The full pass: recomputes members in steps of SWEEP_BATCH (activists, candidates, then
 * probationary members, each by `_id`), resuming where the last firing stopped, until the pass ends
 * (the next firing starts a new one), the budget is spent or FULL_PER_FIRING are computed.
 */
async function sweepFull(now: Date, rules: Rules, start: number): Promise<{ computed: number; steps: number; passEnded: boolean; next: { status: MemberStatus; afterId: string | null } }> {
  let cursor = (await pointsRepo.sweepCursor()) ?? { status: ORDER[0], afterId: null };
  let computed = 0;
  let steps = 0;
  let passEnded = false;
  while (computed < FULL_PER_FIRING && since(start) < SWEEP_BUDGET_MS) {
    const want = Math.min(SWEEP_BATCH, FULL_PER_FIRING - computed);
    const batch = await pointsRepo.sweepBatch(cursor.status, cursor.afterId, want);
    const done = await computeWhile(batch, (m) => computeFor(m, now, rules).then(() => undefined), start, SWEEP_BUDGET_MS);
    computed += done;
    steps += 1;
    if (done < batch.length) {
      // The budget ran out within the step: the next firing starts after the last member computed.
      if (done > 0) cursor = { status: cursor.status, afterId: batch[done - 1]._id };
      await pointsRepo.setSweepCursor(cursor, now);
      break;
    }
    const last = batch[batch.length - 1];
    // A full step may have more after it; a short one ends its status.
    const full = batch.length === want;
    const nextIndex = (ORDER.indexOf(cursor.status) + 1) % ORDER.length;
    cursor = last && full ? { status: cursor.status, afterId: last._id } : { status: ORDER[nextIndex], afterId: null };
    await pointsRepo.setSweepCursor(cursor, now);
    if (!(last && full) && nextIndex === 0) {
      passEnded = true;
      break;
    }
  }
  return { computed, steps, passEnded, next: cursor };
}

/**
 * The dirty marks: the oldest in steps of DIRTY_BATCH until none is left, DIRTY_BUDGET_MS is spent
 * or DIRTY_MAX members are computed. A member's mark names them; a room's mark its
 * residents (a flag or its clearing). Activists, candidates and probationary members are
 * recomputed (others have no points list); then each mark is removed if nobody marked it again
 * meanwhile (`cleared` counts the marks this firing removed: a mark is removed by one firing).
 */
async function sweepDirty(now: Date, rules: Rules, start: number): Promise<{ marks: number; computed: number; cleared: number }> {
  let after: { at: Date; id: string } | null = null;
  let marks = 0;
  let computed = 0;
  let cleared = 0;
  while (computed < DIRTY_MAX && since(start) < DIRTY_BUDGET_MS) {
    const batch: DirtyDoc[] = await dirtyRepo.batch(after, DIRTY_BATCH);
    if (!batch.length) break;
    const byId = new Map((await pointsRepo.membersForFacts(batch.filter((d) => d.kind === 'member').map((d) => d.targetId))).map((m) => [m._id, m]));
    // Each mark with the members it names (a room's: its residents), computed, then removed.
    const units = await Promise.all(batch.map(async (mark) => ({
      mark, members: (mark.kind === 'member' ? [byId.get(mark.targetId)].filter((m): m is FactMemberDoc => !!m) : await pointsRepo.residents(mark.targetId)).filter((m) => ORDER.includes(m.status)),
    })));
    let removedHere = 0;
    const done = await computeWhile(units, async ({ mark, members }) => {
      for (const m of members) await computeFor(m, now, rules);
      computed += members.length;
      if ((await dirtyRepo.clear(mark)).ok) removedHere += 1;
    }, start, DIRTY_BUDGET_MS);
    marks += done;
    cleared += removedHere;
    if (done === 0) break;
    const last = batch[done - 1];
    after = { at: new Date(last.at), id: last._id };
    if (done < batch.length || batch.length < DIRTY_BATCH) break;
  }
  return { marks, computed, cleared };
}
