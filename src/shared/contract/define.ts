import type { z } from 'zod';
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
