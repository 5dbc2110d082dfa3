import { FULL_PER_FIRING, SWEEP_BUDGET_MS } from '../../cloudfunctions/develop/src/eligibility/sweep';
import { buildBuilding, buildEntry, buildMember, daysAgo } from '../../tests/functions/builders';
import { startApp } from '../../tests/functions/harness';
import type { Cell, Column } from '../lib/table';
import type { Suite } from './types';

/**
 * Development points at a size this machine affords (issue 11): one firing of the 5-minute timer
 * `develop-points-sweep` recomputing members events marked dirty, then firings of the full pass, each
 * with its DbRead/DbWrite (emulator metering), members computed and time; from them, members per
 * firing and how long a whole school takes.
 */
export const pointsSuite: Suite = {
  name: 'points',
  description: 'development points: the dirty marks and the full pass per timer firing (members, reads/writes, time)',
  async run(ctx) {
    const members = ctx.quick ? 200 : 900;
    const dirty = ctx.quick ? 50 : 200;
    const app = await startApp();
    try {
      const building = buildBuilding({ name: '智园9号楼' });
      await app.insert('buildings', building);
      const statuses = ['activist', 'candidate', 'probationary'] as const;
      const list = Array.from({ length: members }, (_, i) => buildMember({
        name: `成员${i}`, status: statuses[i % 3], buildingId: building._id, buildingName: building.name, hoursOverall: { verified: 4, selfReported: 2 },
        ...(i % 3 === 2 ? { probationStartedAt: new Date(Date.now() - 200 * 86_400_000) } : {}),
      }));
      for (let i = 0; i < list.length; i += 500) await app.insert('members', list.slice(i, i + 500));
      const entries = list.flatMap((m) => [0, 1, 2].map((k) => buildEntry({ memberId: m._id, memberName: m.name, buildingId: building._id, status: 'approved', approvedHours: 2, date: daysAgo(3 + k) })));
      for (let i = 0; i < entries.length; i += 1000) await app.insert('volunteer_entries', entries.slice(i, i + 1000));
      const at = new Date();
      await app.insert('develop_points_dirty', list.slice(0, dirty).map((m, i) => ({ _id: `member:${m._id}`, kind: 'member', targetId: m._id, at: new Date(at.getTime() - i), token: `t${i}` })));
      ctx.log(`points: ${members} developing members (3 approved entries each), ${dirty} marked dirty`);

      const rows: Array<Record<string, Cell>> = [];
      type Swept = { dirty: { computed: number }; full: { computed: number; passEnded: boolean } };
      for (let firing = 1; firing <= 20; firing += 1) {
        const t0 = process.hrtime.bigint();
        const fired = await app.emu.triggers.fire('develop', 'develop-points-sweep');
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (!fired.ok) throw new Error(`sweep failed: ${JSON.stringify(fired.failure)}`);
        const data = (fired.result as { data: Swept }).data;
        const m = app.meterOf(fired.invocationId)!;
        const computed = data.dirty.computed + data.full.computed;
        rows.push({
          firing, dirty: data.dirty.computed, full: data.full.computed, reads: m.reads, writes: m.writes,
          perMember: computed ? Math.round((m.reads / computed) * 10) / 10 : null, ms, perSecond: computed ? Math.round(computed / (ms / 1000)) : null,
        });
        ctx.log(`points: firing ${firing}: ${data.dirty.computed} dirty + ${data.full.computed} full in ${Math.round(ms)} ms`);
        if (data.full.passEnded) break;
      }
      const columns: Column[] = [
        { key: 'firing', title: 'firing' },
        { key: 'dirty', title: 'dirty members', decimals: 0 },
        { key: 'full', title: 'full-pass members', decimals: 0 },
        { key: 'reads', title: 'DbRead', decimals: 0 },
        { key: 'writes', title: 'DbWrite', decimals: 0 },
        { key: 'perMember', title: 'DbRead/member', decimals: 1 },
        { key: 'ms', title: 'ms', decimals: 0 },
        { key: 'perSecond', title: 'members/s', decimals: 0 },
      ];
      return {
        table: {
          title: `points: the 5-minute timer on ${members} developing members${ctx.quick ? ' (QUICK run)' : ''}`,
          columns,
          rows,
          notes: [
            `A firing computes the members marked dirty first, then up to ${FULL_PER_FIRING} of the full pass, and starts no step after ${SWEEP_BUDGET_MS / 1000} s.`,
            `288 firings a day: the full pass covers ${(288 * FULL_PER_FIRING).toLocaleString('en-US')} members a day at most (was 40 an hour, 960 a day).`,
          ],
        },
        figures: { members, dirty, rows },
      };
    } finally {
      await app.stop();
    }
  },
};
