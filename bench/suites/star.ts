import { TALLY_SETTLE_MS } from '../../src/shared/domain/star';
import { buildRoster, buildUser } from '../../tests/functions/builders';
import { startApp } from '../../tests/functions/harness';
import { buildBallot, buildCandidate, buildRound } from '../../tests/functions/star-world';
import { seedWorld } from '../../tests/functions/world';
import { summarize } from '../lib/timing';
import type { Column } from '../lib/table';
import type { Suite } from './types';

/**
 * The 每月之星 vote: reads and writes per vote (target: 1 write, at most 2 reads), latency with 200
 * voters at once, and the time to store the tally of 10,000 ballots (aggregations over the round's ballots).
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const starSuite: Suite = {
  name: 'star',
  description: 'star vote: reads/writes per vote, p50/p95 with 200 concurrent voters, tally time at 10,000 ballots',
  async run(ctx) {
    const voters = ctx.quick ? 40 : 200;
    const ballots = ctx.quick ? 1000 : 10_000;
    const app = await startApp();
    try {
      const w = await seedWorld(app, 'bench');
      const now = Date.now();
      const candidates = [w.neighbour, w.member];
      const voting = buildRound({
        month: '2030-01', buildingIds: [w.a._id], nominateFrom: new Date(now - 3 * DAY), nominateUntil: new Date(now - 2 * DAY),
        voteFrom: new Date(now - DAY), voteUntil: new Date(now + DAY), candidateIds: candidates.map((c) => c._id),
      });
      await app.insert('star_rounds', voting);
      await app.insert('star_candidates', candidates.map((c) => buildCandidate(voting, c)));
      const roster = Array.from({ length: voters }, (_, i) => buildRoster({ _id: `s-bench-${i}`, studentNo: `39${String(i).padStart(8, '0')}`, name: '同学', buildingId: w.a._id, roomId: w.roomA._id }));
      const users = roster.map((r) => buildUser({ role: 'student', name: '同学', rosterId: r._id, buildingId: w.a._id }));
      await app.insert('roster', roster.map((r, i) => ({ ...r, boundUserId: users[i]._id })));
      await app.insert('users', users);

      ctx.log(`star: ${voters} voters at once`);
      const times: number[] = [];
      let reads = 0;
      let writes = 0;
      const t0 = process.hrtime.bigint();
      await Promise.all(users.map(async (u, i) => {
        const start = process.hrtime.bigint();
        const reply = await app.call(u.openid, 'star', 'vote', { roundId: voting._id, candidateIds: [candidates[i % 2]._id] });
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
        if (!reply.ok) throw new Error(`vote failed: ${JSON.stringify(reply.error)}`);
        const meter = app.meterOf(reply.invocationId)!;
        reads += meter.reads;
        writes += meter.writes;
      }));
      const vote = summarize(times, Number(process.hrtime.bigint() - t0) / 1e6);

      const ended = buildRound({
        month: '2030-02', buildingIds: [w.a._id], nominateFrom: new Date(now - 5 * DAY), nominateUntil: new Date(now - 4 * DAY),
        voteFrom: new Date(now - 3 * DAY), voteUntil: new Date(now - TALLY_SETTLE_MS - HOUR), candidateIds: candidates.map((c) => c._id), votesPerVoter: 2,
      });
      await app.insert('star_rounds', ended);
      await app.insert('star_candidates', candidates.map((c) => buildCandidate(ended, c)));
      ctx.log(`star: inserting ${ballots} ballots`);
      await app.insert('star_ballots', Array.from({ length: ballots }, (_, i) =>
        buildBallot(ended, { _id: `u-b${i}`, openid: `o-b${i}`, rosterId: `s-b${i}` }, i % 3 ? [candidates[i % 2]._id] : candidates.map((c) => c._id), {
          buildingId: w.a._id, clientIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, at: new Date(now - 2 * DAY + i * 1000),
        }),
      ));
      const c0 = process.hrtime.bigint();
      const closed = await app.call(w.openids.counselor, 'star', 'close', { roundId: ended._id });
      const tallyMs = Number(process.hrtime.bigint() - c0) / 1e6;
      if (!closed.ok) throw new Error(`close failed: ${JSON.stringify(closed.error)}`);
      const closeMeter = app.meterOf(closed.invocationId)!;

      const view = await app.call(w.openids.student, 'star', 'round', { id: voting._id });
      const staffView = await app.call(w.openids.counselor, 'star', 'round', { id: voting._id });
      const rows = [
        { action: `vote (${voters} voters at once)`, n: voters, reads: reads / voters, writes: writes / voters, p50: vote.p50Ms, p95: vote.p95Ms },
        { action: `close: tally of ${ballots.toLocaleString('en-US')} ballots`, n: 1, reads: closeMeter.reads, writes: closeMeter.writes, p50: tallyMs, p95: tallyMs },
        { action: 'round view (voter)', n: 1, reads: app.meterOf(view.invocationId)?.reads, writes: app.meterOf(view.invocationId)?.writes, p50: null, p95: null },
        { action: 'round view (counselor, with turnout)', n: 1, reads: app.meterOf(staffView.invocationId)?.reads, writes: app.meterOf(staffView.invocationId)?.writes, p50: null, p95: null },
      ];
      const columns: Column[] = [
        { key: 'action', title: 'action' },
        { key: 'n', title: 'n' },
        { key: 'reads', title: 'DbRead/call', decimals: 1 },
        { key: 'writes', title: 'DbWrite/call', decimals: 1 },
        { key: 'p50', title: 'p50 ms', decimals: 1 },
        { key: 'p95', title: 'p95 ms', decimals: 1 },
      ];
      return {
        table: {
          title: `star: the monthly vote${ctx.quick ? ' (QUICK run)' : ''}`,
          columns,
          rows,
          notes: ['A vote: the router reads the user, the vote reads the round, and one insert stores the ballot (its id is the round and the roster identity).', 'The tally: five aggregations and two counts over the round, then one transaction (round + audit).'],
        },
        figures: { vote, voteReads: reads / voters, voteWrites: writes / voters, tallyMs, tallyBallots: ballots, closeReads: closeMeter.reads, closeWrites: closeMeter.writes },
      };
    } finally {
      await app.stop();
    }
  },
};
