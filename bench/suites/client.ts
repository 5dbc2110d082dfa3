import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startDevServer } from '../../scripts/dev/server';
import { MAIN_BUDGET_BYTES, weappSizes } from '../../scripts/weapp-sizes';
import { launchChromium } from '../../scripts/browser';
import { summarize } from '../lib/timing';
import type { Suite } from './types';

/**
 * What the phone downloads and waits for: the weapp production build's package sizes (budget: main
 * package <= 600 KB) and, on the h5 build, the time from navigation to plaque content in Chromium.
 * Needs `npm run build:weapp` and `npm run build:h5` first.
 */
const root = path.resolve(__dirname, '..', '..');

export const clientSuite: Suite = {
  name: 'client',
  description: 'weapp package sizes and h5 time to plaque content',
  async run(ctx) {
    const sizes = weappSizes(path.join(root, 'dist'));
    const runs = ctx.quick ? 3 : 15;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dph-bench-client-'));
    const server = await startDevServer({ dataDir, port: 0, staticDir: path.join(root, 'dist-h5'), triggers: false, log: () => undefined });
    let launched: Browser | undefined;
    try {
      const browser = (launched = await launchChromium());
      const { data: [plaque] } = await server.db.collection('plaques').where({ status: 'active' }).limit(1).get();
      const { data: members } = await server.db.collection('members').where({ roomId: plaque.roomId, 'consent.public': true }).limit(1).get();
      if (!members.length) throw new Error('the first demo room has no public member to wait for');
      const url = `${server.url}#/pages/plaque/index?scene=${plaque._id}`;
      const measure = async (fresh: boolean) => {
        const times: number[] = [];
        const shared = await browser.newContext();
        for (let i = 0; i < runs; i += 1) {
          const context = fresh ? await browser.newContext() : shared;
          const page = await context.newPage();
          const started = process.hrtime.bigint();
          await page.goto(url);
          await page.getByText(members[0].name).first().waitFor();
          times.push(Number(process.hrtime.bigint() - started) / 1e6);
          await page.close();
          if (fresh) await context.close();
        }
        await shared.close();
        return summarize(times, times.reduce((s, t) => s + t, 0));
      };
      const cold = await measure(true);
      const warm = await measure(false);
      const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
      return {
        table: {
          title: 'client: weapp package sizes and h5 time to plaque content',
          columns: [
            { key: 'what', title: 'what' },
            { key: 'value', title: 'value' },
          ],
          rows: [
            { what: 'weapp main package', value: `${sizes.main.toLocaleString('en-US')} bytes (${kb(sizes.main)}; budget ${kb(MAIN_BUDGET_BYTES)})` },
            ...Object.entries(sizes.subpackages).map(([name, bytes]) => ({ what: `weapp subpackage ${name}/`, value: `${bytes.toLocaleString('en-US')} bytes (${kb(bytes)})` })),
            { what: 'weapp total', value: `${sizes.total.toLocaleString('en-US')} bytes (${kb(sizes.total)})` },
            { what: `h5 navigation -> plaque members, new browser (n=${runs})`, value: `p50 ${cold.p50Ms.toFixed(0)} ms, p95 ${cold.p95Ms.toFixed(0)} ms` },
            { what: `h5 navigation -> plaque members, warm cache (n=${runs})`, value: `p50 ${warm.p50Ms.toFixed(0)} ms, p95 ${warm.p95Ms.toFixed(0)} ms` },
          ],
          notes: ['A new browser includes the h5 local sign-in as a new guest; the mini-program has no such step.'],
        },
        figures: { weapp: sizes, h5: { cold, warm } },
      };
    } finally {
      await launched?.close();
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
