/**
 * CloudBase reports a unique-index violation as DATABASE_REQUEST_FAILED carrying MongoDB's E11000
 * text; repositories use this to turn "someone got there first" into a business answer.
 */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === 'DATABASE_REQUEST_FAILED' && /E11000|duplicate key/i.test(String(e.message ?? ''));
}

/** A transaction lost to a concurrent write, after the SDK's own retries (runTransaction retries 3 times). */
export function isTransactionConflict(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'DATABASE_TRANSACTION_CONFLICT';
}
