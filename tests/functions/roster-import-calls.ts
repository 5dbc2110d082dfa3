import type { ChangeView } from '../../src/shared/contract/roster';
import type { App } from './harness';
import { expectIndexServed } from './index-served';

/**
 * The roster import as an admin drives it, for the import suites: apply chunk by chunk until done,
 * and read a job's whole diff page by page (each page index-served). `app` is read at call time.
 */
export function importCalls(app: () => App, adminOpenid: string) {
  const changesPage = (jobId: string, cursor: string | null) => app().call(adminOpenid, 'roster', 'changes', { jobId, limit: 50, ...(cursor ? { cursor } : {}) });

  async function applyAll(jobId: string) {
    let calls = 0;
    for (;;) {
      const reply = await app().call(adminOpenid, 'roster', 'apply', { jobId });
      if (!reply.ok) throw new Error(JSON.stringify(reply.error));
      calls += 1;
      if (reply.data.status === 'done') return { job: reply.data, calls };
      if (calls > 1000) throw new Error('apply never finished');
    }
  }

  async function allChanges(jobId: string) {
    const items: ChangeView[] = [];
    let cursor: string | null = null;
    do {
      const reply: Awaited<ReturnType<typeof changesPage>> = await changesPage(jobId, cursor);
      if (!reply.ok) throw new Error(JSON.stringify(reply.error));
      expectIndexServed(app(), reply.invocationId);
      items.push(...reply.data.items);
      cursor = reply.data.nextCursor;
    } while (cursor);
    return items;
  }

  return { changesPage, applyAll, allChanges };
}
