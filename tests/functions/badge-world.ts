import { modelRoomApplicationId } from '../../src/shared/domain/badge-rules';
import { SEED_BADGES } from '../../src/shared/domain/badges';
import { termOf } from '../../src/shared/domain/term';
import type { AwardDoc, MemberDoc } from '../../cloudfunctions/_common/docs';
import type { ApplicationDoc } from '../../cloudfunctions/_common/repositories/badge-applications';
import { nextId } from './builders';
import type { App } from './harness';

/** The school's badge catalogue as a new school starts (SEED_BADGES), once per app: worlds share it. */
export async function seedBadgeCatalogue(app: App): Promise<void> {
  const { data } = await app.db.collection('badge_catalogue').doc(SEED_BADGES[0].code).get();
  if ((data as unknown[]).length) return;
  const at = new Date('2026-09-01T00:00:00Z');
  await app.insert('badge_catalogue', SEED_BADGES.map(({ code, ...def }) => ({ _id: code, ...def, updatedAt: at })));
}

// ---- badge/awards and badge/applications (issue 11): an award by hand and a pending application ----

/** A manual award as `awardBadge` writes it (override what a test needs). */
export function buildAward(o: Partial<AwardDoc> & Pick<AwardDoc, 'holder' | 'buildingId'>): AwardDoc {
  return {
    _id: nextId('aw'), code: 'modelPost', name: '党员示范岗', source: 'manual', sourceRef: null, reason: '学期内表现突出',
    validFrom: '2026-09-01', until: null, awardedBy: 'u-seed', awardedAt: new Date('2026-09-01T08:00:00+08:00'), revoked: null, ...o,
  };
}

/**
 * The member holds 党员示范岗 (the award and the projection on their profile), and room A2 has a
 * pending 党员示范寝室 application this term: revoke, history and review have something to act on. The
 * member is their room's 宿舍长 (roomLeader post), so they may apply for 党员示范寝室.
 */
export async function seedBadgeSamples(app: App, w: { buildingId: string; member: MemberDoc; room: { _id: string; number: string }; buildingName: string }) {
  const award = buildAward({ holder: { kind: 'member', id: w.member._id, label: w.member.name }, buildingId: w.buildingId });
  await app.insert('badge_awards', award);
  await app.db.collection('members').doc(w.member._id).update({ posts: ['roomLeader'], awards: [{ awardId: award._id, code: award.code, name: award.name, until: award.until }] });
  const application: ApplicationDoc = {
    _id: modelRoomApplicationId(termOf(new Date()).key, w.room._id), roomId: w.room._id, roomLabel: `${w.buildingName}${w.room.number}室`, buildingId: w.buildingId,
    termKey: termOf(new Date()).key, applicantMemberId: nextId('m'), applicantUserId: nextId('u'), applicantName: '周杰', statement: '我们寝室四人中有两名党员，坚持每周学习、轮流值日，寝室整洁有序，互帮互助。',
    photoFileIds: [], status: 'pending', submittedAt: new Date(Date.now() - 3_600_000), decision: null, declines: [],
  };
  await app.insert('badge_applications', application);
  return { award, application };
}
