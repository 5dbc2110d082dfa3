import type { AppErrorBody } from '../shared/errors';

/** What every call gives a page: data, or a code with a Chinese message. Pages never see a throw. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorBody };

/** Shown when the phone cannot reach the server at all (no reply to judge). */
export const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';
/** Shown when a reply arrives but does not match the contract (an old app against a newer server, or a bug). */
export const BAD_REPLY_MESSAGE = '服务返回的数据有误，请更新小程序或稍后再试';
