import { apiOrigin } from './config';

/**
 * h5 only: the local CloudBase's dev routes (`/__dev/...`: demo users, the notice outbox). The
 * answer's status and JSON body (null when there is none); throws when the network fails.
 */
export async function devGet(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${apiOrigin()}/__dev/${path}`);
  if (res.status === 404) return { status: 404, body: null };
  return { status: res.status, body: (await res.json()) as unknown };
}
