import type { z } from 'zod';
import type { ErrorCode } from '../errors';
import type { Role } from '../model';

/**
 * One action of one cloud function: its input and output schemas and the roles allowed to call it.
 * The function validates input and role from this; the page validates input before calling and the
 * reply after. Scope (which building) is checked by the action itself.
 */
export interface ActionSpec<I extends z.ZodTypeAny = z.ZodTypeAny, O extends z.ZodTypeAny = z.ZodTypeAny> {
  input: I;
  output: O;
  /** `guest` means anyone with a WeChat identity, bound or not. */
  roles: readonly Role[];
  /**
   * The codes this action's handler can answer (ts-rest style: each route lists its error responses).
   * `answerableCodes` adds the ones every action can answer, so only the action's own go here.
   */
  errors: readonly ErrorCode[];
  summary: string;
}

export type FunctionContract = Record<string, ActionSpec>;

export function action<I extends z.ZodTypeAny, O extends z.ZodTypeAny>(spec: ActionSpec<I, O>): ActionSpec<I, O> {
  return spec;
}

export type InputOf<A extends ActionSpec> = z.input<A['input']>;
export type OutputOf<A extends ActionSpec> = z.infer<A['output']>;

export const ANYONE = ['guest', 'student', 'member', 'counselor', 'admin'] as const satisfies readonly Role[];
export const BOUND = ['student', 'member', 'counselor', 'admin'] as const satisfies readonly Role[];

/**
 * What the router itself can answer for any action: bad input, no identity, an unknown action, a
 * contention (CONFLICT, never INTERNAL) and a fault.
 */
export const BASE_ERRORS = ['INVALID_INPUT', 'UNAUTHENTICATED', 'UNKNOWN_ACTION', 'CONFLICT', 'INTERNAL'] as const satisfies readonly ErrorCode[];

/**
 * Every code an action can answer: the base, the role gate's refusals (NOT_BOUND when guests are
 * shut out, FORBIDDEN when some bound role is) and the action's own. The router answers no other.
 */
export function answerableCodes(spec: Pick<ActionSpec, 'roles' | 'errors'>): ReadonlySet<ErrorCode> {
  const gate: ErrorCode[] = [];
  if (!spec.roles.includes('guest')) gate.push('NOT_BOUND');
  if (!BOUND.every((r) => spec.roles.includes(r))) gate.push('FORBIDDEN');
  return new Set<ErrorCode>([...BASE_ERRORS, ...gate, ...spec.errors]);
}
