/**
 * How a repository reports the outcome of a change, one way for all: applied (with what it gives
 * back), or not, with a code saying why. Plain reads answer a document or null instead. The shape is
 * the shared rules' result (`RuleResult` in src/shared/domain/volunteer.ts), so the two compose.
 */
export type RepoResult<T, E extends string> = { ok: true; value: T } | { ok: false; code: E };

export const applied = <T = null>(value: T = null as T): { ok: true; value: T } => ({ ok: true, value });
export const refused = <E extends string>(code: E): { ok: false; code: E } => ({ ok: false, code });

/**
 * A change made under a member's day guard was not applied because the day moved on since the rules
 * were checked (DAY_CHANGED), or kept changing through the SDK's retries (CONFLICT): check again.
 */
export type DayRefusal = 'DAY_CHANGED' | 'CONFLICT';
