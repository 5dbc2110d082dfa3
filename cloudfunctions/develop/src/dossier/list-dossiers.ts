import type { developDossierContract } from '../../../../src/shared/contract/develop-dossier';
import { PAGE_LIMIT_DEFAULT } from '../../../../src/shared/contract/common';
import { DOSSIER_URL_SECONDS } from '../../../../src/shared/domain/dossier';
import { decodeCursor, encodeCursor } from '../../../_common/cursor';
import { dossiersRepo } from '../../../_common/repositories/develop-dossier';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { tempUrls } from '../../../_common/storage';
import { itemView } from './view';

/** A member's own packs; the packs a counselor or admin issued. Newest first, cursor-paged. */
export const listDossiers: Handler<typeof developDossierContract.listDossiers> = async ({ cursor, limit = PAGE_LIMIT_DEFAULT }, ctx) => {
  const after = cursor ? decodeCursor(cursor) : null;
  if (cursor && !after) return fail('INVALID_INPUT', '分页参数无效，请刷新后重试');
  const me = await ctx.actor();
  const page =
    me.role === 'member'
      ? me.user?.memberId
        ? await dossiersRepo.ofMember(me.user.memberId, after, limit)
        : { items: [], more: false }
      : await dossiersRepo.issuedBy(me.user?._id ?? me.openid, after, limit);
  const last = page.items[page.items.length - 1];
  return ok({ items: page.items.map(itemView), nextCursor: page.more && last ? encodeCursor(new Date(last.at), last._id) : null });
};

/** A download link for the pack's creator or its member; anyone else reads NOT_FOUND, as if it did not exist. */
export const dossierFile: Handler<typeof developDossierContract.dossierFile> = async ({ id }, ctx) => {
  const me = await ctx.actor();
  const doc = await dossiersRepo.byId(id);
  const mine = !!doc && !!me.user && (doc.issuedBy === me.user._id || (!!me.user.memberId && doc.memberId === me.user.memberId));
  if (!doc || !mine) return fail('NOT_FOUND', '没有找到这份材料，或你无权下载（只有出具人和本人可以下载）');
  const url = (await tempUrls([doc.fileID], DOSSIER_URL_SECONDS)).get(doc.fileID);
  if (!url) return fail('NOT_FOUND', '材料文件已不存在，请联系辅导员重新出具');
  return ok({ url, fileID: doc.fileID });
};
