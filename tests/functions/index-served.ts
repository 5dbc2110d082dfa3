import type { App } from './harness';

/** The scan guard's allowance: what a request may examine beyond what it selects. */
const SLACK = 5;

/**
 * Every database request of one call examined at most what it selected plus SLACK (an index served
 * it, cursor ranges included): the scan guard's rule, for the inputs a paging test sends.
 */
export function expectIndexServed(app: App, invocationId: string | undefined): void {
  const meter = app.meterOf(invocationId);
  if (!meter) throw new Error('no meter for this call');
  const scans = meter.requests.filter((r) => r.examined > r.matched + SLACK).map((r) => `${r.op} ${r.collection} ${r.shape}${r.order ? ` order ${r.order}` : ''}: examined ${r.examined}, selected ${r.matched}`);
  expect(scans).toEqual([]);
}

type PageReply = { ok: boolean; data?: { items: Array<{ id: string }>; nextCursor: string | null } } & { invocationId?: string };

/**
 * Walks a cursor-paged list to its end (at most 10 pages): each page must be index-served, and
 * `afterFirstPage` runs once between the first and second page (writes that paging must survive).
 * Returns the ids seen, in order.
 */
export async function collectPages(
  app: App,
  page: (cursor: string | undefined) => Promise<PageReply>,
  afterFirstPage: (seen: string[]) => Promise<void>,
): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const reply = await page(cursor);
    if (!reply.ok || !reply.data) throw new Error(JSON.stringify(reply));
    expectIndexServed(app, reply.invocationId);
    seen.push(...reply.data.items.map((i) => i.id));
    cursor = reply.data.nextCursor ?? undefined;
    pages += 1;
    if (pages === 1) await afterFirstPage(seen);
  } while (cursor && pages < 10);
  return seen;
}
