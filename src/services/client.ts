import { contracts, type FunctionName } from '../shared/contract';
import type { ActionSpec, InputOf, OutputOf } from '../shared/contract/define';
import { replySchema } from '../shared/envelope';
import { rateLimitedMessage } from '../shared/domain/rate-limits';
import { errorMessages, type ErrorCode } from '../shared/errors';
import { describeInputError } from './input-issues';
import { BAD_REPLY_MESSAGE, NETWORK_MESSAGE, type Result } from './result';

/**
 * How a call reaches a function: wx.cloud on weapp, HTTP to the local CloudBase on h5. A transport
 * resolves with the function's return value and rejects on any failure to get one.
 */
export interface Transport {
  callFunction(name: string, data: { action: string; input: unknown }): Promise<unknown>;
  /** Uploads a local file (a temp path on weapp, a blob/data URL on h5) and resolves with its fileID. */
  uploadFile(cloudPath: string, filePath: string): Promise<string>;
}

/** A transport failure that is the network's fault rather than the function's. */
export class NetworkError extends Error {}

/** Storage refused an upload (not a photo by its content, or not the caller's folder); the message is for the user. */
export class UploadRefusedError extends Error {}

type Contract<F extends FunctionName> = (typeof contracts)[F];
export type SpecOf<F extends FunctionName, A extends keyof Contract<F>> = Contract<F>[A] extends ActionSpec ? Contract<F>[A] : never;

const failure = (code: ErrorCode, message: string = errorMessages[code]): { ok: false; error: { code: ErrorCode; message: string } } => ({
  ok: false,
  error: { code, message },
});

/** Longer than any message a handler writes; a longer one is not meant for a person. */
export const MAX_SERVER_MESSAGE = 200;

/**
 * The handler's own message ("没有找到你的党员档案" says more than "没有找到相关内容"), as plain text:
 * control characters out, and the code's default when it is empty or too long. Pages render it as
 * text (Text, showToast, showModal), never as markup.
 */
export function messageFor(code: ErrorCode, message: unknown): string {
  if (typeof message !== 'string') return errorMessages[code];
  const text = message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return text && text.length <= MAX_SERVER_MESSAGE ? text : errorMessages[code];
}

const transportFailure = (err: unknown) => failure('INTERNAL', err instanceof NetworkError ? NETWORK_MESSAGE : errorMessages.INTERNAL);

export function createClient(transport: Transport) {
  /** Calls `fn.action` with input checked against the shared contract, and checks the reply against it too. */
  async function call<F extends FunctionName, A extends keyof Contract<F> & string>(
    fn: F,
    action: A,
    input: InputOf<SpecOf<F, A>>,
  ): Promise<Result<OutputOf<SpecOf<F, A>>>> {
    const spec = (contracts[fn] as Record<string, ActionSpec | undefined>)[action];
    if (!spec) return failure('UNKNOWN_ACTION');
    // A bad input never leaves the phone: the function would refuse it anyway, at the cost of a call.
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) return failure('INVALID_INPUT', `${errorMessages.INVALID_INPUT}（${describeInputError(parsed.error, `${fn}.${action}`)}）`);

    let raw: unknown;
    try {
      raw = await transport.callFunction(fn, { action, input: parsed.data });
    } catch (err) {
      return transportFailure(err);
    }
    const reply = replySchema(spec.output).safeParse(raw);
    if (!reply.success) return failure('INTERNAL', BAD_REPLY_MESSAGE);
    if (!reply.data.ok) {
      const { code, message, retryAfterSeconds } = reply.data.error;
      // The wait comes from the server; the wording from the shared rule, like every other message.
      if (retryAfterSeconds) return { ok: false, error: { code, message: rateLimitedMessage(retryAfterSeconds), retryAfterSeconds } };
      return failure(code, messageFor(code, message));
    }
    return { ok: true, data: reply.data.data as OutputOf<SpecOf<F, A>> };
  }

  async function upload(cloudPath: string, filePath: string): Promise<Result<{ fileID: string }>> {
    try {
      const fileID = await transport.uploadFile(cloudPath, filePath);
      if (typeof fileID !== 'string' || !fileID.startsWith('cloud://')) return failure('INTERNAL', BAD_REPLY_MESSAGE);
      return { ok: true, data: { fileID } };
    } catch (err) {
      if (err instanceof UploadRefusedError) return failure('INVALID_INPUT', err.message);
      return transportFailure(err);
    }
  }

  return { call, upload };
}

export type CloudClient = ReturnType<typeof createClient>;
