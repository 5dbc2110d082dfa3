import { errorMessages, type AppErrorBody, type ErrorCode } from '../../src/shared/errors';

/** Handlers return values, never throw, for every expected failure. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorBody };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

/** `extra` carries the optional details of an error body (e.g. `retryAfterSeconds`). */
export function fail(
  code: ErrorCode,
  message: string = errorMessages[code],
  extra: Omit<AppErrorBody, 'code' | 'message'> = {},
): { ok: false; error: AppErrorBody } {
  return { ok: false, error: { code, message, ...extra } };
}
