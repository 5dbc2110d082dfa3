import type { AdminAction } from '../http/server';
import { invalidParam } from '../errors';
import { parseBoundedJson } from '../http/json-depth';
import { toAdminError } from './failures';
import type { InvocationCaller } from './environment';
import type { InvocationResult } from './runner-types';

/**
 * TCB_SOURCE of a function called through the admin API from outside any function (a script, a test).
 * CloudBase lists only "other: not triggered from WeChat" for this case; the value is a local choice.
 */
export const SERVER_SOURCE = 'tcb_server';

export interface InvokeDeps {
  run(name: string, event: unknown, caller: InvocationCaller): Promise<InvocationResult>;
  /** TCB_SOURCE of the invocation that made this request, when a function made it. */
  sourceOf(invocationId: string): string | undefined;
}

function parseRequestData(raw: unknown): unknown {
  // node-sdk sends `request_data: ''` when the call has no data.
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw !== 'string') throw invalidParam('request_data must be a JSON string');
  return parseBoundedJson(raw, 'request_data');
}

/**
 * `functions.invokeFunction`, what node-sdk's `app.callFunction({name, data})` (and wx-server-sdk's
 * `cloud.callFunction`) sends: params `function_name` and `request_data`; the reply is
 * `{data: {response_data: <JSON string>}}` (node-sdk src/functions/index.ts). A call made this way is
 * server-to-server: it carries no WeChat identity, and from inside a function its source becomes the
 * documented chain `<caller source>,scf` (getWXContext docs: wx_client calls A, A calls B, B sees
 * `wx_client,scf`).
 */
export function invokeFunctionAction(deps: InvokeDeps): AdminAction {
  return async (params, ctx) => {
    const name = params.function_name;
    if (typeof name !== 'string' || name === '') throw invalidParam('function_name must be a non-empty string');
    const event = parseRequestData(params.request_data);
    const parent = ctx.invocationId ? deps.sourceOf(ctx.invocationId) : undefined;
    const source = parent ? `${parent},scf` : SERVER_SOURCE;
    const outcome = await deps.run(name, event, { source });
    if (!outcome.ok) throw toAdminError(outcome.failure);
    return { data: { response_data: JSON.stringify(outcome.result) } };
  };
}
