import { errorMessages, type ErrorCode } from '../../src/shared/errors';

/** Handlers return values, never throw, for every expected failure. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string = errorMessages[code]): { ok: false; error: { code: ErrorCode; message: string } } {
  return { ok: false, error: { code, message } };
}
