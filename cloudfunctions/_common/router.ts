import type { z } from 'zod';
import { answerableCodes, type ActionSpec, type FunctionContract } from '../../src/shared/contract/define';
import { RequestSchema, type Reply } from '../../src/shared/envelope';
import { errorMessages } from '../../src/shared/errors';
import { Role } from '../../src/shared/model';
import { callerOf, type Caller } from './caller';
import { functionNow } from './clock';
import { isDuplicateKey, isTransactionConflict } from './db-errors';
import { usersRepo, type UserDoc } from './repositories/users';
import { fail, type Result } from './result';

/** Who the caller is in this system: a role, and their user document unless they are a guest. */
export interface Actor {
  role: Role;
  openid: string;
  user: UserDoc | null;
}

export interface ActionContext {
  caller: Caller;
  /** The server's clock at the start of the call; rules take it instead of reading the clock. */
  now: Date;
  /** Loads the caller's user once per call; actions open to anyone skip it unless they need it. */
  actor(): Promise<Actor>;
}

export type Handler<A extends ActionSpec> = (input: z.infer<A['input']>, ctx: ActionContext) => Promise<Result<z.infer<A['output']>>>;
export type Handlers<C extends FunctionContract> = { [K in keyof C]: Handler<C[K]> };

function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${errorMessages.INVALID_INPUT}（${where}${issue.message}）`;
}

/**
 * A cloud function's `main`: validate -> authorise -> handler (domain + repositories) -> validated
 * reply. Whatever happens, the caller gets `{ok, data}` or `{ok: false, error: {code, message}}`.
 */
export function createRouter<C extends FunctionContract>(contract: C, handlers: Handlers<C>, now: () => Date = functionNow) {
  return async function main(event: unknown, context: unknown): Promise<Reply<unknown>> {
    try {
      const request = RequestSchema.safeParse(event);
      if (!request.success) return fail('INVALID_INPUT', describeIssues(request.error));
      const name = request.data.action;
      const spec = Object.prototype.hasOwnProperty.call(contract, name) ? contract[name] : undefined;
      if (!spec) return fail('UNKNOWN_ACTION');
      const input = spec.input.safeParse(request.data.input ?? {});
      if (!input.success) return fail('INVALID_INPUT', describeIssues(input.error));

      const caller = callerOf(context);
      if (!caller.openid) return fail('UNAUTHENTICATED');
      let loaded: Promise<Actor> | undefined;
      const actor = () => {
        // A person who left the school keeps their user document until the retention timer, but no powers.
        loaded ??= usersRepo.byOpenid(caller.openid).then((user) => ({ role: user && !user.leftAt ? user.role : 'guest', openid: caller.openid, user }));
        return loaded;
      };
      // Actions open to every role skip the user read: a plaque view must stay within two reads.
      if (!Role.options.every((r) => spec.roles.includes(r))) {
        const { role } = await actor();
        if (!spec.roles.includes(role)) return fail(role === 'guest' ? 'NOT_BOUND' : 'FORBIDDEN');
      }

      const result = await handlers[name](input.data, { caller, now: now(), actor });
      if (!result.ok) {
        // The contract lists what the page must be ready for; a code outside it is a bug, answered like a bad reply.
        if (answerableCodes(spec).has(result.error.code)) return result;
        console.error(`[${name}] answered ${result.error.code}, which its contract does not declare`);
        return fail('INTERNAL');
      }
      const output = spec.output.safeParse(result.data);
      if (!output.success) {
        console.error(`[${name}] reply does not match its contract`, output.error.issues);
        return fail('INTERNAL');
      }
      return { ok: true, data: output.data };
    } catch (err) {
      // Contention is never INTERNAL: a transaction that lost every retry, or a unique key someone
      // else took first, asks the caller to refresh and try again (repositories map the ones they expect).
      if (isTransactionConflict(err) || isDuplicateKey(err)) {
        console.warn('[router] contention', (err as { code?: string }).code);
        return fail('CONFLICT');
      }
      console.error('[router] unexpected error', err);
      return fail('INTERNAL');
    }
  };
}
