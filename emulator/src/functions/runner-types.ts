import type { FunctionFailure } from './failures';

/**
 * The outcome of one call. `invocationId` is also the SCF request id (`context.request_id`, the
 * `requestID` the client sees) and the key of `metering.getInvocation(id)`. A call to a function that
 * does not exist never starts, so it has no invocation id.
 */
export type InvocationResult =
  | { ok: true; invocationId: string; result: unknown }
  | { ok: false; invocationId?: string; failure: FunctionFailure };
