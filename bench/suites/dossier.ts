import { DOSSIER_ENTRY_LIMIT } from '../../src/shared/domain/dossier';
import { buildEntry, daysAgo } from '../../tests/functions/builders';
import { startApp } from '../../tests/functions/harness';
import { seedWorld } from '../../tests/functions/world';
import { summarize } from '../lib/timing';
import type { Cell, Column } from '../lib/table';
import type { Suite } from './types';

/**
 * The conversion evidence pack (develop.issueDossier): generation time (the first call on a cold
 * instance, then warm ones) and reads/writes per pack with 0, 50 and more entries than a pack lists;
 * the verification's cost.
 */
export const dossierSuite: Suite = {
  name: 'dossier',
  description: 'conversion evidence pack: generation time cold and warm, reads/writes per pack by entry count, verification cost',
  async run(ctx) {
    const repeats = ctx.quick ? 2 : 5;
    const app = await startApp();
    try {
      const w = await seedWorld(app, 'bench');
      const rows: Array<Record<string, Cell>> = [];
      const issue = async () => {
        const t0 = process.hrtime.bigint();
        const reply = await app.call(w.openids.counselor, 'develop', 'issueDossier', { memberId: w.member._id });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (!reply.ok) throw new Error(`issueDossier failed: ${JSON.stringify(reply.error)}`);
        const m = app.meterOf(reply.invocationId)!;
        return { ms, reads: m.reads, writes: m.writes, pages: reply.data.pages, id: reply.data.id };
      };
      const cold = await issue();
      rows.push({ action: 'issueDossier, first call (cold instance), 0 entries', n: 1, reads: cold.reads, writes: cold.writes, pages: cold.pages, p50: cold.ms, p95: cold.ms });
      let inserted = 0;
      for (const entries of [0, 50, DOSSIER_ENTRY_LIMIT + 20]) {
        const add = entries - inserted;
        if (add > 0) {
          await app.insert('volunteer_entries', Array.from({ length: add }, (_, i) => buildEntry({
            memberId: w.member._id, memberName: w.member.name, buildingId: w.a._id, status: 'approved', approvedHours: 1, title: `社区志愿服务${inserted + i + 1}`,
            date: daysAgo(1 + ((inserted + i) % 28)), start: `${String(6 + Math.floor((inserted + i) / 28)).padStart(2, '0')}:00`, end: `${String(6 + Math.floor((inserted + i) / 28)).padStart(2, '0')}:30`,
          })));
          inserted = entries;
        }
        ctx.log(`dossier: ${repeats} packs with ${entries} entries`);
        const runs = [];
        for (let i = 0; i < repeats; i++) runs.push(await issue());
        const stats = summarize(runs.map((r) => r.ms), runs.reduce((a, r) => a + r.ms, 0));
        rows.push({ action: `issueDossier, warm, ${entries} approved entries`, n: repeats, reads: runs[0].reads, writes: runs[0].writes, pages: runs[0].pages, p50: stats.p50Ms, p95: stats.p95Ms });
      }
      const verify = await app.call(w.openids.guest, 'develop', 'verifyDossier', { id: cold.id });
      const vm = app.meterOf(verify.invocationId)!;
      rows.push({ action: 'verifyDossier (guest)', n: 1, reads: vm.reads, writes: vm.writes, pages: null, p50: null, p95: null });
      const columns: Column[] = [
        { key: 'action', title: 'action' },
        { key: 'n', title: 'n' },
        { key: 'reads', title: 'DbRead/call', decimals: 0 },
        { key: 'writes', title: 'DbWrite/call', decimals: 0 },
        { key: 'pages', title: 'PDF pages', decimals: 0 },
        { key: 'p50', title: 'p50 ms', decimals: 0 },
        { key: 'p95', title: 'p95 ms', decimals: 0 },
      ];
      return {
        table: {
          title: `dossier: the conversion evidence pack${ctx.quick ? ' (QUICK run)' : ''}`,
          columns,
          rows,
          notes: [
            'A pack: the router reads the user; the member, the eligibility facts (entries, room state, visit tallies, visits, duty, experiences), the roster, up to 3 pages of entries, the room\'s inspections, visits and duty; one transaction writes the record and its audit. Plus one storage upload and one mini-program code.',
            'The first call pays for loading pdfkit and parsing the 8 MB font once per function instance.',
          ],
        },
        figures: { rows },
      };
    } finally {
      await app.stop();
    }
  },
};
