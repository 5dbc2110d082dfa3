import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSchema, startEmulator } from 'cloudbase-local';
import { buildFunctions } from '../../scripts/build-functions';
import { buildBuilding, buildMember, buildRoom, buildUser, plaqueFor } from '../../tests/functions/builders';
import { timeOps, type Stats } from '../lib/timing';
import type { Column } from '../lib/table';
import type { Suite } from './types';

/**
 * The app's user actions through the local CloudBase: database reads and writes per action (from
 * the emulator's metering, the figures CloudBase bills) and latency of the function call, at the
 * scale of a large school (10k rooms, 5k members).
 */
const root = path.resolve(__dirname, '..', '..');

interface Row {
  action: string;
  n: number;
  reads: number;
  writes: number;
  examined: number;
  stats: Stats;
}

export const appSuite: Suite = {
  name: 'app',
  description: 'plaque, wall and feedback: DB reads/writes per action and latency at 10k rooms / 5k members',
  async run(ctx) {
    const rooms = ctx.quick ? 500 : 10_000;
    const members = ctx.quick ? 250 : 5_000;
    const n = ctx.quick ? 30 : 300;
    await buildFunctions();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dph-bench-app-'));
    const emu = await startEmulator({
      dataDir,
      port: 0,
      functionsDir: path.join(root, 'cloudfunctions'),
      schema: loadSchema(path.join(root, 'cloudfunctions', 'database.json')),
      // The figures are the actions' own: no nightly sweep in the middle.
      triggers: false,
    });
    try {
      const sdk = (await import('@cloudbase/node-sdk')).default.init({ ...emu.sdkConfig(), timeout: 60000 });
      const insert = async (coll: string, docs: object[]) => {
        for (let i = 0; i < docs.length; i += 1000) await sdk.database().collection(coll).add(docs.slice(i, i + 1000));
      };
      ctx.log(`seeding ${rooms} rooms and ${members} members`);
      const buildings = Array.from({ length: Math.ceil(rooms / 500) }, (_, i) => buildBuilding({ name: `${i + 1}号楼`, floors: 20 }));
      const roomDocs = Array.from({ length: rooms }, (_, i) => {
        const b = buildings[Math.floor(i / 500)];
        const floor = 1 + Math.floor((i % 500) / 25);
        return buildRoom({ buildingId: b._id, floor, number: `${floor}${String((i % 25) + 1).padStart(2, '0')}` });
      });
      const memberDocs = Array.from({ length: members }, (_, i) => {
        const room = roomDocs[(i * 2) % rooms];
        return buildMember({ roomId: room._id, buildingId: room.buildingId, floor: room.floor, roomNumber: room.number, name: `党员${i}`, consent: { public: i % 7 !== 0, changedAt: new Date() } });
      });
      const publicMembers = memberDocs.filter((m) => m.consent.public);
      // One sender per feedback call: feedback is rate-limited per sender.
      const students = Array.from({ length: n + 10 }, (_, i) => buildUser({ openid: `bench-student-${i}`, role: 'student' }));
      const counselor = buildUser({ openid: 'bench-counselor', role: 'counselor', buildingIds: [buildings[0]._id] });
      await insert('buildings', buildings);
      await insert('rooms', roomDocs);
      await insert('plaques', roomDocs.map((r) => plaqueFor(r, buildings.find((b) => b._id === r.buildingId)!)));
      await insert('members', memberDocs);
      await insert('users', [...students, counselor]);

      const rows: Row[] = [];
      const measure = async (action: string, fn: 'plaque' | 'account', call: (i: number) => { openid: string; event: object }) => {
        const ids: string[] = [];
        let failed = '';
        const stats = await timeOps(
          n,
          async (i) => {
            const { openid, event } = call(i);
            const result = await emu.functions.invoke(fn, event, { openid });
            const reply = result.ok ? (result.result as { ok: boolean; error?: { code: string } }) : undefined;
            if (!reply?.ok) failed ||= JSON.stringify(result.ok ? reply?.error : result.failure);
            if (result.invocationId) ids.push(result.invocationId);
          },
          { warmup: 5 },
        );
        const meters = ids.map((id) => emu.metering.getInvocation(id)).filter((m) => !!m);
        const avg = (k: 'reads' | 'writes' | 'docsExamined') => meters.reduce((s, m) => s + m![k], 0) / Math.max(1, meters.length);
        rows.push({ action: failed ? `${action} (ERROR ${failed})` : action, n, reads: avg('reads'), writes: avg('writes'), examined: avg('docsExamined'), stats });
        ctx.log(`${action}: p50 ${stats.p50Ms.toFixed(1)} ms`);
      };
      // Distinct scanners, so the per-user rate limit does not turn the run into refusals.
      await measure('plaque.view (scan a door)', 'plaque', (i) => ({ openid: `bench-scanner-${i}`, event: { action: 'view', input: { code: roomDocs[(i * 37) % rooms].plaqueCode } } }));
      await measure('plaque.wall (building wall)', 'plaque', (i) => ({ openid: `bench-wall-${i}`, event: { action: 'wall', input: { buildingId: buildings[i % buildings.length]._id } } }));
      await measure('plaque.sendFeedback', 'plaque', (i) => ({
        openid: `bench-student-${i}`,
        event: { action: 'sendFeedback', input: { memberId: publicMembers[(i * 3 + 1) % publicMembers.length]._id, text: '希望党员同学带头保持宿舍安静整洁' } },
      }));
      await measure('plaque.listFeedback (counselor)', 'plaque', () => ({ openid: 'bench-counselor', event: { action: 'listFeedback', input: {} } }));

      const columns: Column[] = [
        { key: 'action', title: 'action' },
        { key: 'n', title: 'n' },
        { key: 'reads', title: 'DbRead/call', decimals: 2 },
        { key: 'writes', title: 'DbWrite/call', decimals: 2 },
        { key: 'examined', title: 'docs examined/call', decimals: 1 },
        { key: 'p50', title: 'p50 ms', decimals: 2 },
        { key: 'p95', title: 'p95 ms', decimals: 2 },
        { key: 'ops', title: 'calls/s', decimals: 0 },
      ];
      return {
        table: {
          title: `app: function calls at ${rooms.toLocaleString('en-US')} rooms / ${members.toLocaleString('en-US')} members${ctx.quick ? ' (QUICK run)' : ''}`,
          columns,
          rows: rows.map((r) => ({ action: r.action, n: r.n, reads: r.reads, writes: r.writes, examined: r.examined, p50: r.stats.p50Ms, p95: r.stats.p95Ms, ops: r.stats.opsPerSec })),
          notes: [
            'Each call goes through a function worker (warm), the real node-sdk inside it, and HTTP to the emulator.',
          ],
        },
        figures: { rooms, members, rows },
      };
    } finally {
      await emu.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
