import { call } from '../services/cloud';
import { useMe } from './use-me';
import { usePaged } from './use-paged';

const NONE = { ok: true as const, data: { items: [], nextCursor: null } };

/** The buildings a staff member picks from: a counselor's own (from 我的), an admin's all (paged, 50 at a time). */
export function useStaffBuildings(): Array<{ id: string; name: string }> {
  const { remote } = useMe();
  const counselor = remote.status === 'ok' ? remote.data.counselor : null;
  const all = usePaged(
    (cursor) => (counselor || remote.status !== 'ok' ? Promise.resolve(NONE) : call('plaque', 'buildings', { limit: 50, ...(cursor ? { cursor } : {}) })),
    [remote.status, counselor],
  );
  return counselor ? counselor.buildings : all.items.map((b) => ({ id: b.id, name: b.name }));
}
