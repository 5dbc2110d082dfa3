import { startApp } from '../../tests/functions/harness';
import { daysAgo, entryInput, seedVolunteer } from '../../tests/functions/volunteer-seed';
import { summarize, type Stats } from '../lib/timing';
import type { Column } from '../lib/table';
import type { Suite } from './types';

/**
 * Volunteer hours, per user action: database reads and writes (the emulator's metering, what
 * CloudBase bills) and the function call's latency. Home and dashboard read pre-aggregated totals.
 */
interface Row {
  action: string;
  n: number;
  reads: number;
  writes: number;
  stats: Stats;
}

export const volunteerSuite: Suite = {
  name: 'volunteer',
  description: 'volunteer actions: DB reads/writes per action and latency',
  async run(ctx) {
    const n = ctx.quick ? 5 : 20;
    const app = await startApp();
    try {
      const seed = await seedVolunteer(app);
      const rows: Row[] = [];
      /** Times calls one by one and averages the metered reads/writes of each. */
      const measure = async (action: string, calls: Array<() => Promise<{ ok: boolean; invocationId?: string; error?: unknown }>>) => {
        const times: number[] = [];
        let reads = 0;
        let writes = 0;
        for (const call of calls) {
          const t0 = process.hrtime.bigint();
          const reply = await call();
          times.push(Number(process.hrtime.bigint() - t0) / 1e6);
          if (!reply.ok) throw new Error(`${action} failed: ${JSON.stringify(reply.error)}`);
          const meter = app.meterOf(reply.invocationId)!;
          reads += meter.reads;
          writes += meter.writes;
        }
        rows.push({ action, n: calls.length, reads: reads / calls.length, writes: writes / calls.length, stats: summarize(times, times.reduce((s, t) => s + t, 0)) });
        ctx.log(`${action}: ${(reads / calls.length).toFixed(1)} reads, ${(writes / calls.length).toFixed(1)} writes`);
      };

      const logger = await seed.member({ name: '登记人', status: 'probationary', probationStartedAt: new Date(Date.now() - 120 * 86_400_000) });
      const ids: string[] = [];
      // One entry per day (no overlap, within 30 days): draft, then submit.
      await measure('log: saveDraft (new entry)', Array.from({ length: n }, (_, i) => async () => {
        const reply = await app.call(logger.openid, 'volunteer', 'saveDraft', entryInput({ date: daysAgo(i + 1), title: `楼道清扫${i}` }));
        if (reply.ok) ids.push(reply.data.entry.id);
        return reply;
      }));
      await measure('log: submit', ids.map((id) => () => app.call(logger.openid, 'volunteer', 'submit', { id, subscribe: true })));
      await measure('review: approve (one entry, notification sent)', ids.map((id) => () => app.call(seed.counselorX.openid, 'volunteer', 'review', { id, decision: 'approve' })));
      await measure('member home: myProgress', Array.from({ length: n }, () => () => app.call(logger.openid, 'volunteer', 'myProgress', {})));
      await measure('counselor dashboard', Array.from({ length: n }, () => () => app.call(seed.counselorX.openid, 'volunteer', 'dashboard', {})));

      // Bulk approval of 50 pending entries (5 members x 10 days) in one call.
      const bulkIds: string[] = [];
      for (let m = 0; m < 5; m += 1) {
        const member = await seed.member({ name: `成员${m}` });
        for (let d = 0; d < 10; d += 1) bulkIds.push((await seed.pendingEntry(member, { date: daysAgo(d + 1), title: `宣讲${m}-${d}` }))._id);
      }
      await measure('review: bulkApprove 50 (one call)', [() => app.call(seed.counselorX.openid, 'volunteer', 'bulkApprove', { ids: bulkIds })]);

      // An organised activity: sign-in and sign-out of n members with the rotating codes.
      const created = await app.call(seed.counselorX.openid, 'volunteer', 'createActivity', {
        title: '社区清洁日', category: 'communityEvent', place: '智园广场', buildingId: seed.x._id,
        startAt: new Date(Date.now() - 2 * 3_600_000).toISOString(), endAt: new Date(Date.now() + 60_000).toISOString(),
      });
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      const attendees = await Promise.all(Array.from({ length: n }, (_, i) => seed.member({ name: `参加者${i}` })));
      const code = async (phase: 'in' | 'out') => {
        const r = await app.call(seed.counselorX.openid, 'volunteer', 'activityCode', { id: created.data.id, phase });
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        return r.data.code;
      };
      const inCode = await code('in');
      await measure('activity sign-in (scan)', attendees.map((a) => () => app.call(a.openid, 'volunteer', 'scanActivity', { code: inCode })));
      const outCode = await code('out');
      await measure('activity sign-out, under 60% present (no hours)', attendees.map((a) => () => app.call(a.openid, 'volunteer', 'scanActivity', { code: outCode })));
      // Members present from the start (their sign-in recorded as if scanned then) earn verified hours.
      const stayers = await Promise.all(Array.from({ length: n }, (_, i) => seed.member({ name: `全程者${i}` })));
      const startAt = new Date(Date.now() - 2 * 3_600_000);
      await app.insert('attendance', stayers.map((m) => ({
        _id: `${created.data.id}:${m.doc._id}`, activityId: created.data.id, memberId: m.doc._id, signInAt: startAt, signInCode: inCode,
        signOutAt: null, signOutCode: null, hours: null, entryId: null,
      })));
      await measure('activity sign-out, present throughout (verified hours)', stayers.map((m) => () => app.call(m.openid, 'volunteer', 'scanActivity', { code: outCode })));

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
          title: `volunteer: per action${ctx.quick ? ' (QUICK run)' : ''}`,
          columns,
          rows: rows.map((r) => ({ action: r.action, n: r.n, reads: r.reads, writes: r.writes, p50: r.stats.p50Ms, p95: r.stats.p95Ms })),
          notes: ['Reads and writes are per function call, from the emulator metering of that invocation.'],
        },
        figures: { rows },
      };
    } finally {
      await app.stop();
    }
  },
};
