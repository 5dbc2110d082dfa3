import { inElectorate } from '../../../src/shared/domain/star';
import type { StarRoundDoc } from '../../_common/repositories/stars';
import { rosterRepo } from '../../_common/repositories/roster';
import type { Actor } from '../../_common/router';

/** Staff who look after every building of the round (an admin, or a counselor whose scope covers them) manage it. */
export function managesRound(actor: Actor, round: Pick<StarRoundDoc, 'buildingIds'>): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'counselor') return false;
  const scope = actor.user?.buildingIds ?? [];
  return round.buildingIds.every((id) => scope.includes(id));
}

export const isStaff = (actor: Actor) => actor.role === 'counselor' || actor.role === 'admin';

/**
 * A student's or member's home building: copied onto the user at bind, so a vote needs no other read;
 * users bound before that was copied fall back to their roster entry.
 */
export async function homeBuilding(actor: Actor): Promise<string | null> {
  const user = actor.user;
  if (!user || (actor.role !== 'student' && actor.role !== 'member')) return null;
  if (user.buildingId !== undefined) return user.buildingId;
  if (!user.rosterId) return null;
  return (await rosterRepo.byId(user.rosterId))?.buildingId ?? null;
}

/** Whether the actor is a voter of the round (bound student or member living in its buildings). */
export async function votesIn(actor: Actor, round: Pick<StarRoundDoc, 'buildingIds'>): Promise<boolean> {
  if (actor.role !== 'student' && actor.role !== 'member') return false;
  return inElectorate({ role: actor.role, buildingId: await homeBuilding(actor) }, round.buildingIds);
}

/** Staff who look after any of the round's buildings follow it (turnout, tally, flags); managing it takes all of them. */
export function followsRound(actor: Actor, round: Pick<StarRoundDoc, 'buildingIds'>): boolean {
  if (actor.role === 'admin') return true;
  const scope = actor.role === 'counselor' ? actor.user?.buildingIds ?? [] : [];
  return round.buildingIds.some((id) => scope.includes(id));
}

/** Who may see a round at all: its staff, and its electorate. */
export async function seesRound(actor: Actor, round: Pick<StarRoundDoc, 'buildingIds'>): Promise<boolean> {
  return isStaff(actor) ? followsRound(actor, round) : votesIn(actor, round);
}
