import type { Actor } from './router';

/**
 * Which buildings an actor looks after: an admin all of them, a counselor those in their scope,
 * anyone else none. The router checks the role; every action with a building checks this too.
 */
export function buildingScope(actor: Actor): { all: true } | { all: false; ids: string[] } {
  if (actor.role === 'admin') return { all: true };
  if (actor.role === 'counselor') return { all: false, ids: [...(actor.user?.buildingIds ?? [])] };
  return { all: false, ids: [] };
}

export function inScope(actor: Actor, buildingId: string): boolean {
  const scope = buildingScope(actor);
  return scope.all || scope.ids.includes(buildingId);
}
