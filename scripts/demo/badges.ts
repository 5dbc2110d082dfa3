import type { AwardDoc, BadgeDefDoc, MemberDoc, PlaqueDoc, RoomDoc } from '../../cloudfunctions/_common/docs';
import { awardIds, SEED_BADGES, validUntil, type CurrentAward } from '../../src/shared/domain/badges';
import { cstDate } from '../../src/shared/domain/china-time';
import type { DemoHonours } from './people';
import { DAY_MS } from './places';

/** The school's catalogue as a new school starts: SEED_BADGES (the admin edits it on 徽章目录). */
export function generateCatalogue(termStart: Date): BadgeDefDoc[] {
  return SEED_BADGES.map(({ code, ...def }) => ({ _id: code, ...def, updatedAt: termStart }));
}

const projection = (a: AwardDoc): CurrentAward => ({ awardId: a._id, code: a.code, name: a.name, until: a.until });

/**
 * The demo's awards as the badge function would have written them a week after term start: badges
 * given by hand to members (their `awards` projection) and 党员示范寝室 for the model rooms (room and
 * active plaque `roomAwards`), each with its award record.
 */
export function generateAwards(honours: DemoHonours, members: MemberDoc[], rooms: RoomDoc[], plaques: PlaqueDoc[], termStart: Date, adminId: string): AwardDoc[] {
  const at = new Date(termStart.getTime() + 7 * DAY_MS);
  const names = new Map(SEED_BADGES.map((b) => [b.code, b]));
  const awards: AwardDoc[] = [];
  // Every holder carries its projection (empty when it holds nothing), as the badge function keeps it.
  for (const m of members) m.awards = [];
  for (const r of rooms) r.roomAwards = [];
  for (const p of plaques) p.roomAwards = [];
  const base = { sourceRef: null, validFrom: cstDate(at), awardedBy: adminId, awardedAt: at, revoked: null };
  for (const m of members) {
    for (const code of honours.members.get(m._id) ?? []) {
      const def = names.get(code)!;
      const award: AwardDoc = { ...base, _id: `demo_${code}_${m._id}`, code, name: def.name, holder: { kind: 'member', id: m._id, label: m.name }, buildingId: m.buildingId, source: 'manual', reason: '学期初由辅导员授予（演示数据）', until: validUntil(def.validity, at) };
      awards.push(award);
      m.awards!.push(projection(award));
    }
  }
  const plaqueByCode = new Map(plaques.map((p) => [p._id, p]));
  const modelRoom = names.get('modelRoom')!;
  for (const room of rooms) {
    if (!honours.modelRooms.has(room._id)) continue;
    const award: AwardDoc = {
      ...base, _id: awardIds.application(`demo_${room._id}`), code: modelRoom.code, name: modelRoom.name, holder: { kind: 'room', id: room._id, label: `${room.number}室` },
      buildingId: room.buildingId, source: 'application', reason: '党员示范寝室申请审核通过（演示数据）', until: validUntil(modelRoom.validity, at),
    };
    awards.push(award);
    room.roomAwards = [projection(award)];
    const plaque = plaqueByCode.get(room.plaqueCode);
    if (plaque) plaque.roomAwards = [projection(award)];
  }
  return awards;
}
