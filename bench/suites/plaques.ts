import { PLAQUE_CARD_SIZES, PLAQUE_PRINT_PART_ROOMS } from '../../src/shared/domain/plaque-print';
import type { RoomDoc } from '../../cloudfunctions/_common/docs';
import { buildBuilding, buildRoom, buildUser, plaqueFor } from '../../tests/functions/builders';
import { startApp } from '../../tests/functions/harness';
import type { Cell, Column } from '../lib/table';
import type { Suite } from './types';

/**
 * Printed door cards (plaque.printBuilding) for a 300-room building (12 floors of 25): time, PDF size
 * and pages of each part, per card size, and reads/writes; then the bulk reissue of the building
 * (plaque.reissueBuilding), chunk by chunk. The function runs under its config.json memory limit
 * (the emulator's worker limit), so a part that did not fit would fail here.
 */
export const plaquesSuite: Suite = {
  name: 'plaques',
  description: 'printed door cards: PDF time and size per part for a 300-room building by card size; bulk reissue chunks',
  async run(ctx) {
    const floors = ctx.quick ? 4 : 12;
    const app = await startApp();
    try {
      const building = buildBuilding({ name: '智园9号楼', floors });
      const rooms: RoomDoc[] = [];
      for (let f = 1; f <= floors; f++) for (let n = 1; n <= 25; n++) rooms.push(buildRoom({ buildingId: building._id, floor: f, number: `${f}${String(n).padStart(2, '0')}` }));
      const admin = buildUser({ role: 'admin', openid: 'bench-plaque-admin' });
      await app.insert('buildings', building);
      await app.insert('rooms', rooms);
      await app.insert('plaques', rooms.map((r) => plaqueFor(r, building)));
      await app.insert('users', admin);

      const rows: Array<Record<string, Cell>> = [];
      for (const size of ctx.quick ? (['a6'] as const) : PLAQUE_CARD_SIZES) {
        let cursor: string | undefined;
        let part = 0;
        let totalMs = 0;
        let totalBytes = 0;
        do {
          part += 1;
          const t0 = process.hrtime.bigint();
          const reply = await app.call(admin.openid, 'plaque', 'printBuilding', { buildingId: building._id, size, ...(cursor ? { cursor } : {}) });
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          if (!reply.ok) throw new Error(`printBuilding failed: ${JSON.stringify(reply.error)}`);
          const m = app.meterOf(reply.invocationId)!;
          totalMs += ms;
          totalBytes += reply.data.bytes;
          ctx.log(`plaques: ${size} part ${part} floors ${reply.data.floors?.from}-${reply.data.floors?.to}: ${reply.data.cards} cards, ${Math.round(ms)} ms, ${reply.data.bytes} bytes`);
          rows.push({
            action: `printBuilding ${size}, part ${part} (floors ${reply.data.floors?.from}-${reply.data.floors?.to})`,
            cards: reply.data.cards, pages: reply.data.pages, kb: reply.data.bytes / 1024, reads: m.reads, writes: m.writes, ms,
          });
          cursor = reply.data.nextCursor ?? undefined;
        } while (cursor);
        rows.push({ action: `printBuilding ${size}, whole building (${rooms.length} rooms)`, cards: rooms.length, pages: null, kb: totalBytes / 1024, reads: null, writes: null, ms: totalMs });
      }

      let cursor: string | undefined;
      let chunk = 0;
      let reissueMs = 0;
      do {
        chunk += 1;
        const t0 = process.hrtime.bigint();
        const reply = await app.call(admin.openid, 'plaque', 'reissueBuilding', { buildingId: building._id, ...(cursor ? { cursor } : {}) });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (!reply.ok) throw new Error(`reissueBuilding failed: ${JSON.stringify(reply.error)}`);
        reissueMs += ms;
        if (chunk === 1) {
          const m = app.meterOf(reply.invocationId)!;
          rows.push({ action: `reissueBuilding, one chunk (${reply.data.reissued} rooms)`, cards: null, pages: null, kb: null, reads: m.reads, writes: m.writes, ms });
        }
        cursor = reply.data.nextCursor ?? undefined;
      } while (cursor);
      rows.push({ action: `reissueBuilding, whole building (${chunk} chunks)`, cards: null, pages: null, kb: null, reads: null, writes: null, ms: reissueMs });

      const columns: Column[] = [
        { key: 'action', title: 'action' },
        { key: 'cards', title: 'cards', decimals: 0 },
        { key: 'pages', title: 'PDF pages', decimals: 0 },
        { key: 'kb', title: 'PDF KB', decimals: 0 },
        { key: 'reads', title: 'DbRead/call', decimals: 0 },
        { key: 'writes', title: 'DbWrite/call', decimals: 0 },
        { key: 'ms', title: 'ms', decimals: 0 },
      ];
      return {
        table: {
          title: `plaques: printed door cards for a ${rooms.length}-room building${ctx.quick ? ' (QUICK run)' : ''}`,
          columns,
          rows,
          notes: [
            `A part holds at most ${PLAQUE_PRINT_PART_ROOMS} rooms and ends at a floor; each room's mini-program code is one getUnlimited call (8 at a time; here the local stand-in).`,
            'Writes per print: the export record and its audit (one transaction); plus one storage upload.',
          ],
        },
        figures: { rows },
      };
    } finally {
      await app.stop();
    }
  },
};
