import { userUploadDir } from '../../../src/shared/domain/photo-path';
import type { Me } from '../../../src/shared/contract/common';
import { badgeTags } from '../../../src/shared/domain/badge-rules';
import { photoUrls } from '../../_common/photos';
import { termAt } from '../../_common/terms';
import { membersRepo, type OwnProfileDoc } from '../../_common/repositories/members';
import { orgRepo } from '../../_common/repositories/org';
import { rosterRepo, type RosterEntry } from '../../_common/repositories/roster';
import type { UserDoc } from '../../_common/repositories/users';

/** Documents an action already holds, so building the reply does not read them again. */
export interface Known {
  member?: OwnProfileDoc | null;
  roster?: RosterEntry | null;
}

const GUEST: Me = { role: 'guest', name: null, room: null, member: null, counselor: null };

export function toIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/**
 * The caller as they see themselves. Members' room comes from their profile (it carries the room and
 * building names); students' from their roster entry, room and building (read in parallel).
 */
export async function meOf(user: UserDoc | null, now: Date, known: Known = {}): Promise<Me> {
  if (!user) return GUEST;
  if (user.leftAt) return { ...GUEST, name: user.name, left: true };
  const member = user.memberId ? (known.member !== undefined ? known.member : await membersRepo.ownProfile(user.memberId)) : null;
  const [room, photo, buildings, term] = await Promise.all([
    member ? roomOfMember(member) : roomOfRoster(user.rosterId, known.roster),
    member?.photoFileId ? photoUrls([member.photoFileId]).then((urls) => urls.get(member.photoFileId as string) ?? null) : null,
    user.role === 'counselor' ? orgRepo.buildingsByIds(user.buildingIds) : null,
    member ? termAt(now) : null,
  ]);
  return {
    role: user.role,
    name: user.name,
    room,
    member: member
      ? {
          id: member._id,
          status: member.status,
          consent: { public: member.consent?.public === true, changedAt: toIso(member.consent?.changedAt) },
          pledge: member.pledge ?? null,
          photoUrl: photo,
          posts: member.posts ?? [],
          termHours: (term && member.hours?.[term.key]) ?? 0,
          badges: badgeTags(member.awards, now),
          uploadDir: userUploadDir(user.openid),
        }
      : null,
    counselor: buildings ? { buildings: buildings.map((b) => ({ id: b._id, name: b.name })) } : null,
    ...(user.role === 'admin' ? { uploadDir: userUploadDir(user.openid) } : {}),
  };
}

function roomOfMember(m: OwnProfileDoc): Me['room'] {
  return { id: m.roomId, number: m.roomNumber, floor: m.floor, buildingId: m.buildingId, buildingName: m.buildingName };
}

async function roomOfRoster(rosterId: string | null, known: RosterEntry | null | undefined): Promise<Me['room']> {
  if (!rosterId) return null;
  const entry = known !== undefined ? known : await rosterRepo.byId(rosterId);
  if (!entry) return null;
  const [[room], [building]] = await Promise.all([orgRepo.roomsByIds([entry.roomId]), orgRepo.buildingsByIds([entry.buildingId])]);
  if (!room) return null;
  return { id: room._id, number: room.number, floor: room.floor, buildingId: room.buildingId, buildingName: building?.name ?? '' };
}
