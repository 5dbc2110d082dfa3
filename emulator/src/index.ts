/**
 * cloudbase-local: a local Tencent CloudBase. This is the package's public surface; a project
 * imports from `cloudbase-local` (and `cloudbase-local/testing` in its tests), never from files
 * inside src/.
 */
export { startEmulator, DEFAULT_BODY_LIMIT, type Emulator, type EmulatorOptions } from './emulator';
export { loadSchema, parseSchema, type DatabaseSchema, type CollectionSpec, type IndexSpec } from './database/schema';
export { resetData, exportCollection, importCollection } from './data-tools';
export { readCredentials, CREDENTIALS_FILE, type Credentials } from './credentials';
export { sendJson, type Route } from './http/server';
export type { Metering, MeterCounts, RequestMeter, InvocationMeter, MeterEvent } from './metering';
export { isValidFunctionName, locateFunction, loadFunctionConfig, type FunctionConfig, type FunctionFiles } from './functions/config';
export { WxOpenApi, SUBSCRIBE_SEND_API, type OpenApiCall, type OutboxMessage, type WxFailure, type WxOptions } from './wxapi';
export { CLOCK_ENV, type EmulatorClock } from './clock';
export { UPLOAD_TYPES, type ClientUploadRule, type UploadType } from './storage/uploads';
export { keepRunningOnUnhandledRejection } from './process-guard';
export { openNetworkWarning } from './open-network';
