import type { starContract } from '../../../src/shared/contract/star';
import { BURST_SIZE, flagLabels, maskIp, rankTally, RECENT_BIND_MS, SHARED_IP_SIZE, tallyDue } from '../../../src/shared/domain/star';
import type { Auditor } from '../../_common/audit';
import { starsRepo, type StarRoundDoc } from '../../_common/repositories/stars';
import { fail, ok, type Result } from '../../_common/result';
import type { Handler } from '../../_common/router';
import { managesRound } from './access';
import { roundSummary, timesOf } from './views';

const HOUR = 3_600_000;

/** China wall time of a minute number, `HH:mm`. */
function cstMinute(minute: number): string {
  const d = new Date(minute * 60_000 + 8 * HOUR);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** The tally and its anomaly flags, all by aggregation over the round's ballots (no ballot is read one by one). */
async function countRound(round: StarRoundDoc): Promise<Pick<StarRoundDoc, 'tally' | 'flags' | 'ballots' | 'electorate'>> {
  const [votes, totals, ips, bursts, nominations, electorate] = await Promise.all([
    starsRepo.votesPerCandidate(round._id),
    starsRepo.ballotTotals(round._id),
    starsRepo.sharedIps(round._id, SHARED_IP_SIZE),
    starsRepo.bursts(round._id, BURST_SIZE),
    starsRepo.candidatesOf(round._id),
    starsRepo.electorateCount(round.buildingIds),
  ]);
  const names = new Map(nominations.map((c) => [c.memberId, c.name]));
  const byMember = new Map(votes.map((v) => [v.memberId, v.votes]));
  // Every accepted candidate has a row, with 0 when nobody chose them.
  const tally = rankTally(round.candidateIds.map((memberId) => ({ memberId, name: names.get(memberId) ?? '', votes: byMember.get(memberId) ?? 0 })));
  const flags: NonNullable<StarRoundDoc['flags']> = [];
  if (totals.recentBind > 0) {
    flags.push({ kind: 'recentBind', count: totals.recentBind, detail: `${totals.recentBind} 张选票来自投票前${RECENT_BIND_MS / HOUR}小时内新绑定的身份（${flagLabels.recentBind}）` });
  }
  for (const b of bursts) {
    flags.push({ kind: 'burst', count: b.votes, detail: `${names.get(b.memberId) ?? b.memberId} 在 ${cstMinute(b.minute)} 这1分钟内得到 ${b.votes} 票` });
  }
  for (const ip of ips) {
    flags.push({ kind: 'sharedIp', count: ip.ballots, detail: `${ip.ballots} 张选票来自同一网络地址 ${ip.ip ? maskIp(ip.ip) : '（未知）'}` });
  }
  return { tally: tally.map((r) => ({ memberId: r.memberId, name: r.name, votes: r.votes, rank: r.rank })), flags, ballots: totals.ballots, electorate };
}

/**
 * Stores a round's tally once: only when its voting window ended at least TALLY_SETTLE_MS ago (every
 * ballot accepted before the close has committed), open -> tallied in one transaction (a second
 * close or timer firing finds it tallied and answers the stored round).
 */
export async function tallyRound(round: StarRoundDoc, by: Auditor, now: Date): Promise<Result<StarRoundDoc>> {
  if (round.state !== 'open') return ok(round);
  if (now.getTime() < new Date(round.voteUntil).getTime()) return fail('ROUND_PHASE', '投票尚未结束，结束后才能计票');
  if (!tallyDue(timesOf(round), now)) return fail('ROUND_PHASE', '投票刚刚结束，1分钟后即可计票（等待最后提交的选票入库）');
  const counted = await countRound(round);
  const stored = await starsRepo.storeTally(round._id, counted, { by, action: 'star.close' }, now);
  if (stored.ok) return ok(stored.value);
  if (stored.code === 'NOT_OPEN') {
    const again = await starsRepo.roundById(round._id);
    if (again) return ok(again);
  }
  return stored.code === 'MISSING' ? fail('NOT_FOUND', '没有找到这轮评选') : fail('CONFLICT');
}

/** The counselor's close: the same as the timer's, on demand. */
export const close: Handler<typeof starContract.close> = async ({ roundId }, ctx) => {
  const me = await ctx.actor();
  const round = await starsRepo.roundById(roundId);
  if (!round) return fail('NOT_FOUND', '没有找到这轮评选');
  if (!managesRound(me, round)) return fail('FORBIDDEN', '这轮评选不在你负责的楼栋范围内');
  const tallied = await tallyRound(round, { actorOpenid: ctx.caller.openid, actorRole: me.role }, ctx.now);
  if (!tallied.ok) return tallied;
  return ok({ round: roundSummary(tallied.data, ctx.now) });
};
