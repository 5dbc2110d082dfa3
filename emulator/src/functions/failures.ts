import { CloudBaseError, DbErrorCode, type CloudBaseErrorCode } from '../errors';

/**
 * Why an invocation failed, independent of who asked. The client endpoint renders it the way
 * `wx.cloud.callFunction` rejects; the admin action renders it the way CloudBase answers node-sdk.
 *
 * Shapes and where they come from (public reports; the service itself was not available to check):
 * - execute: `cloud.callFunction:fail Error: errCode: -504002 functions execute fail | errMsg: Error: <msg>
 *   at <frame> (/var/user/index.js:170:18)` (errors quoted in public mini-program repositories). The
 *   `functions execute fail` text is wx-server-sdk's own ERR_CODE table for -504002.
 * - timeout: `cloud.callFunction:fail Error: errCode: -504003  | errMsg: Invoking task timed out after 3
 *   seconds` (github.com/Mint-green/UnlearnableWord/issues/10; the double space is real: the client has no
 *   text for -504003). SCF itself words it `Invoking task timed out after N seconds` (statusCode 433).
 * - not found: `cloud.callFunction:fail Error: errCode: -501000  | errMsg: FunctionName parameter could not
 *   be found.` (github.com/buhuia/xixili/issues/1, github.com/hzm0321/taro-cloud-print/issues/1).
 * - crash: `errCode: -504002 functions execute fail | errMsg: 145 code exit unexpected` (quoted in a
 *   public project's troubleshooting notes for a runtime that exited).
 * - memory: CloudBase documents the code FUNCTIONS_MEMORY_LIMIT_EXCEEDED
 *   (docs.cloudbase.net/error-code/FUNCTIONS_MEMORY_LIMIT_EXCEEDED); the client-side number and text were
 *   not found, so the generic -504002 is used with a plain message. Treat that text as an assumption.
 * Admin codes: FUNCTIONS_EXECUTE_FAIL and FUNCTIONS_TIME_LIMIT_EXCEEDED (docs.cloudbase.net/error-code/basic),
 * FUNCTION_NOT_FOUND (docs.cloudbase.net/http-api/functions error table).
 */
export type FailureKind = 'not-found' | 'execute' | 'timeout' | 'memory' | 'crash';

export interface FunctionFailure {
  kind: FailureKind;
  /** The text after `errMsg:` on the client, and the admin `message`. */
  message: string;
}

/** The caller-visible text of a thrown value: `Error: boom at exports.main (/path/index.js:3:9)`. */
export function describeThrown(name: string, message: string, stack?: string): string {
  const head = name ? `${name}: ${message}` : message;
  const lines = stack?.split('\n') ?? [];
  // A SyntaxError from loading a file names `file:line` on its first line; its frames are Node's own.
  const source = name === 'SyntaxError' && /:\d+$/.test(lines[0] ?? '') ? `at ${lines[0]}` : undefined;
  const frame = source ?? lines.find((line) => /^\s+at /.test(line))?.trim();
  return frame ? `${head} ${frame}` : head;
}

export const failures = {
  notFound: (name: string, dir: string): FunctionFailure => ({
    kind: 'not-found',
    // CloudBase's words first, so code matching on them keeps working; then a local hint.
    message: `FunctionName parameter could not be found. (local emulator: no ${name}/index.js in ${dir})`,
  }),
  execute: (text: string): FunctionFailure => ({ kind: 'execute', message: text }),
  timeout: (timeoutMs: number): FunctionFailure => ({
    kind: 'timeout',
    message: `Invoking task timed out after ${Math.round(timeoutMs / 1000)} seconds`,
  }),
  memory: (memoryMb: number): FunctionFailure => ({
    kind: 'memory',
    message: `Memory limit exceeded: the function used more than its ${memoryMb}MB`,
  }),
  crash: (exitCode: number): FunctionFailure => ({ kind: 'crash', message: `${exitCode} code exit unexpected` }),
};

const clientCodes: Record<FailureKind, { errCode: number; text: string }> = {
  'not-found': { errCode: -501000, text: '' },
  execute: { errCode: -504002, text: 'functions execute fail' },
  crash: { errCode: -504002, text: 'functions execute fail' },
  memory: { errCode: -504002, text: 'functions execute fail' },
  timeout: { errCode: -504003, text: '' },
};

export interface ClientFailure {
  errCode: number;
  errMsg: string;
  requestID?: string;
}

/** What `wx.cloud.callFunction` rejects with. */
export function toClientFailure(failure: FunctionFailure, requestID?: string): ClientFailure {
  const { errCode, text } = clientCodes[failure.kind];
  const errMsg = `cloud.callFunction:fail Error: errCode: ${errCode} ${text} | errMsg: ${failure.message}`;
  return requestID ? { errCode, errMsg, requestID } : { errCode, errMsg };
}

const adminCodes: Record<FailureKind, CloudBaseErrorCode> = {
  'not-found': DbErrorCode.FunctionNotFound,
  execute: DbErrorCode.FunctionExecuteFail,
  crash: DbErrorCode.FunctionExecuteFail,
  memory: DbErrorCode.FunctionMemory,
  timeout: DbErrorCode.FunctionTimeout,
};

/** What CloudBase answers node-sdk's `functions.invokeFunction` with: HTTP 200 `{code, message}`. */
export function toAdminError(failure: FunctionFailure): CloudBaseError {
  return new CloudBaseError(adminCodes[failure.kind], failure.message);
}
