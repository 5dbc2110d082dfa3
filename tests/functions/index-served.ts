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
