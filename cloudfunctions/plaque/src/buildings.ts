import { PAGE_LIMIT_DEFAULT } from '../../../src/shared/contract/common';
import type { plaqueContract } from '../../../src/shared/contract/plaque';
import { decodeKeyCursor, encodeKeyCursor, type KeyCursor } from '../../_common/cursor';
import type { BuildingDoc } from '../../_common/docs';
import { orgRepo } from '../../_common/repositories/org';
import { fail, ok } from '../../_common/result';
import type { Handler } from '../../_common/router';

const after = (b: BuildingDoc, c: KeyCursor) => b.sortKey > c.key || (b.sortKey === c.key && b._id > c.id);
const bySortKey = (a: BuildingDoc, b: BuildingDoc) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/**
 * Buildings by community, then number (the stored `sortKey`), a page at a time: one community's when
 * asked; otherwise a counselor's own buildings (their scope, read by id: tens at most) and everyone
 * else's all. What a call reads never grows with the school: one index-served page, or the scope.
 */
export const buildings: Handler<typeof plaqueContract.buildings> = async ({ communityId, cursor, limit }, { actor }) => {
  const from = cursor === undefined ? null : decodeKeyCursor(cursor);
  if (cursor !== undefined && (!from || from.at)) return fail('INVALID_INPUT', '分页参数无效，请刷新列表');
  const size = limit ?? PAGE_LIMIT_DEFAULT;
  let page: { items: BuildingDoc[]; more: boolean };
  const me = communityId === undefined ? await actor() : null;
  if (me?.role === 'counselor') {
    const mine = (await orgRepo.buildingsWithIds(me.user?.buildingIds ?? [])).sort(bySortKey).filter((b) => !from || after(b, from));
    page = { items: mine.slice(0, size), more: mine.length > size };
  } else {
    page = await orgRepo.buildingsPage(communityId ?? null, from, size);
  }
  const last = page.items[page.items.length - 1];
  return ok({
    items: page.items.map((b) => ({ id: b._id, name: b.name, communityId: b.communityId, communityName: b.communityName, floors: b.floors })),
    nextCursor: page.more && last ? encodeKeyCursor(last.sortKey, last._id) : null,
  });
};
