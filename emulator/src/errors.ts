/**
 * CloudBase answers every failure as HTTP 200 with `{code, message, requestId}`; the SDK turns that
 * into a thrown TcbError. The emulator uses the same string codes so function code sees what it
 * would see in production.
 */
export const DbErrorCode = {
  InvalidParam: 'INVALID_PARAM',
  InvalidAction: 'INVALID_ACTION',
  RequestFailed: 'DATABASE_REQUEST_FAILED',
  CollectionNotExist: 'DATABASE_COLLECTION_NOT_EXIST',
  CollectionAlreadyExist: 'DATABASE_COLLECTION_ALREADY_EXIST',
  TransactionConflict: 'DATABASE_TRANSACTION_CONFLICT',
  TransactionFail: 'DATABASE_TRANSACTION_FAIL',
  PermissionDenied: 'DATABASE_PERMISSION_DENIED',
  Unsupported: 'OPERATION_UNSUPPORTED',
  RequestTooLarge: 'REQUEST_ENTITY_TOO_LARGE',
  SignatureInvalid: 'SIGN_PARAM_INVALID',
  StorageFileNonexist: 'STORAGE_FILE_NONEXIST',
  StorageExceedAuthority: 'STORAGE_EXCEED_AUTHORITY',
  StorageRequestFail: 'STORAGE_REQUEST_FAIL',
  FunctionNotFound: 'FUNCTION_NOT_FOUND',
  FunctionExecuteFail: 'FUNCTIONS_EXECUTE_FAIL',
  FunctionTimeout: 'FUNCTIONS_TIME_LIMIT_EXCEEDED',
  FunctionMemory: 'FUNCTIONS_MEMORY_LIMIT_EXCEEDED',
  SysErr: 'SYS_ERR',
} as const;

export type CloudBaseErrorCode = (typeof DbErrorCode)[keyof typeof DbErrorCode];

/** Numeric codes CloudBase pairs with some string codes (seen in public logs); kept for messages. */
const numericCodes: Partial<Record<CloudBaseErrorCode, number>> = {
  DATABASE_REQUEST_FAILED: -502001,
  DATABASE_COLLECTION_NOT_EXIST: -502005,
  DATABASE_TRANSACTION_CONFLICT: -502007,
  DATABASE_TRANSACTION_FAIL: -502008,
  DATABASE_PERMISSION_DENIED: -502003,
  INVALID_PARAM: -501001,
};

export class CloudBaseError extends Error {
  readonly code: CloudBaseErrorCode;
  constructor(code: CloudBaseErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'CloudBaseError';
  }
  get numericCode(): number | undefined {
    return numericCodes[this.code];
  }
}

export const invalidParam = (message: string) => new CloudBaseError(DbErrorCode.InvalidParam, message);

/** Mongo's duplicate-key text, which CloudBase passes through under DATABASE_REQUEST_FAILED. */
export function duplicateKeyError(collection: string, indexName: string, key: string): CloudBaseError {
  return new CloudBaseError(
    DbErrorCode.RequestFailed,
    `[FailedOperation] E11000 duplicate key error collection: ${collection} index: ${indexName} dup key: ${key}`,
  );
}

export function collectionNotExist(name: string): CloudBaseError {
  return new CloudBaseError(
    DbErrorCode.CollectionNotExist,
    `[ResourceNotFound] Db or Table not exist: ${name}. Please check your request, but if the problem persists, contact us.`,
  );
}

export function toCloudBaseError(err: unknown): CloudBaseError {
  if (err instanceof CloudBaseError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CloudBaseError(DbErrorCode.SysErr, message);
}
