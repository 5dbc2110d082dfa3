import { createHash } from 'node:crypto';
import type { developDossierContract } from '../../../../src/shared/contract/develop-dossier';
import { DOSSIER_URL_SECONDS } from '../../../../src/shared/domain/dossier';
import { checklistFor } from '../../../../src/shared/domain/eligibility';
import { memberStatusLabels } from '../../../../src/shared/model';
import { Collections } from '../../../_common/collections';
import { newId } from '../../../_common/ids';
import { dossiersRepo, type DossierDoc } from '../../../_common/repositories/develop-dossier';
import { factsOf } from '../../../_common/repositories/develop-facts';
import { fail, ok } from '../../../_common/result';
import type { Handler } from '../../../_common/router';
import { inScope } from '../../../_common/scope';
import { discardFiles, tempUrls, uploadFile } from '../../../_common/storage';
import { gatherPack } from './pack-data';
import { renderPack } from './pdf';
import { dossierQr } from './qr';
import { itemView } from './view';

/**
 * Issues a probationary member's conversion evidence pack: gathers the records (bounded reads),
 * renders the PDF with the QR of its own issue id, stores it under `dossiers/<memberId>/` (no client
 * can read it through the storage rules: only its creator and the member get a URL, from this
 * function), then records it with its sha256 and the audit in one transaction.
 */
export const issueDossier: Handler<typeof developDossierContract.issueDossier> = async ({ memberId }, ctx) => {
  const me = await ctx.actor();
  const member = await dossiersRepo.member(memberId);
  if (!member || !inScope(me, member.buildingId)) return fail('NOT_FOUND', '没有找到这位党员，或不在你负责的楼栋');
  if (member.status !== 'probationary') {
    return fail('NOT_ELIGIBLE', `${member.name}目前是${memberStatusLabels[member.status] ?? member.status}，转正材料只为预备党员出具`);
  }
  const id = newId();
  const qr = await dossierQr(id);
  if (!qr.ok) return qr;
  const issuedByName = me.user?.name ?? (me.role === 'admin' ? '管理员' : '辅导员');
  // The eligibility section's facts and checklist: the pack's blockers are the ones the counselor's views show.
  const facts = await factsOf(member, ctx.now);
  const pack = await gatherPack(id, member, facts, checklistFor(facts, ctx.now), { name: issuedByName }, ctx.now);
  const { pdf, pages } = await renderPack(pack, qr.data);
  const digest = createHash('sha256').update(pdf).digest('hex');

  const fileID = await uploadFile(`dossiers/${member._id}/${id}.pdf`, pdf);
  const doc: DossierDoc = {
    _id: id, memberId: member._id, memberName: member.name, memberUserId: member.userId, buildingId: member.buildingId,
    issuedBy: me.user?._id ?? me.openid, issuedByName, at: ctx.now, fileID, digest, bytes: pdf.length, pages,
    entries: pack.hours.listed, entriesLeftOut: pack.hours.approvedTotal - pack.hours.listed,
  };
  let recorded: boolean;
  try {
    recorded = (
      await dossiersRepo.create(doc, {
        actorOpenid: ctx.caller.openid, actorRole: me.role, action: 'develop.issueDossier', target: { collection: Collections.developDossiers, id },
        before: null, after: { memberId: member._id, fileID, digest, pages, entries: doc.entries, entriesLeftOut: doc.entriesLeftOut },
      })
    ).ok;
  } catch (err) {
    await discardFiles([fileID], 'develop.issueDossier', ctx.now).catch(() => undefined);
    throw err;
  }
  if (!recorded) {
    await discardFiles([fileID], 'develop.issueDossier', ctx.now);
    return fail('CONFLICT');
  }
  const url = (await tempUrls([fileID], DOSSIER_URL_SECONDS)).get(fileID);
  if (!url) throw new Error(`dossier ${fileID} has no download URL`);
  return ok({ ...itemView(doc), fileID, url, pages });
};
