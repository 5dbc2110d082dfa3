import type { AwardView, BadgeDefView } from '../../../../src/shared/contract/badge-awards';
import { isCurrent, type BadgeDef } from '../../../../src/shared/domain/badges';
import type { AwardDoc, BadgeDefDoc } from '../../../_common/docs';

/** What the awards handlers share: the catalogue and award views. */

export const BAD_CURSOR = '分页参数无效，请刷新列表';

export function defOf(doc: BadgeDefDoc): BadgeDef {
  const { _id, updatedAt: _at, milestoneHours, ...rest } = doc;
  return { code: _id, ...rest, ...(typeof milestoneHours === 'number' ? { milestoneHours } : {}) };
}

export const defView = (doc: BadgeDefDoc): BadgeDefView => {
  const d = defOf(doc);
  return { code: d.code, name: d.name, holder: d.holder, source: d.source, validity: d.validity, ...(d.milestoneHours === undefined ? {} : { milestoneHours: d.milestoneHours }), description: d.description, active: d.active };
};

export function awardView(a: AwardDoc, now: Date): AwardView {
  return {
    id: a._id,
    code: a.code,
    name: a.name,
    holder: { kind: a.holder.kind, id: a.holder.id, label: a.holder.label },
    source: a.source,
    reason: a.reason,
    validFrom: a.validFrom,
    until: a.until,
    awardedAt: new Date(a.awardedAt).toISOString(),
    current: !a.revoked && isCurrent(a, now),
    revoked: a.revoked ? { at: new Date(a.revoked.at).toISOString(), reason: a.revoked.reason } : null,
  };
}
