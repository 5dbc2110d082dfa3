import { BlobStore } from './blob-store';
import { UrlSigner } from './signer';
import { cloudPathOf, fileIdFor } from './cloud-path';
import { DbErrorCode, invalidParam } from '../errors';
import type { Operation, StorageRules } from './rules';

/** CloudBase's documented default temp-URL life, which is also its maximum: one day. */
export const DEFAULT_MAX_AGE = 86400;
/** How long an upload URL from getUploadMetadata stays usable (COS temporary credentials are short-lived too). */
export const UPLOAD_URL_LIFETIME = 600;
/** getTempFileURL and deleteFile take at most 50 files per call. */
export const MAX_BATCH = 50;

export const FILE_PATH = '/storage/file/';
export const UPLOAD_PATH = '/storage/upload/';

/** One entry of `download_list`: what node-sdk returns as `fileList[i]` of getTempFileURL. */
export interface TempUrlItem {
  fileID: string;
  tempFileURL: string;
  code: string;
  maxAge: number;
  message?: string;
}

/** One entry of `delete_list`. */
export interface DeleteItem {
  fileID: string;
  code: string;
  message?: string;
}

export const denied = (fileID: unknown) => ({
  code: DbErrorCode.StorageExceedAuthority,
  message: `storage permission denied: ${String(fileID)}`,
});

const notExist = (fileID: unknown) => ({
  code: DbErrorCode.StorageFileNonexist,
  message: `storage file not exist: ${String(fileID)}`,
});

/** The storage model shared by the SDK actions, the file routes and the client endpoint. */
export class StorageCore {
  readonly store: BlobStore;
  readonly signer = new UrlSigner();

  constructor(
    readonly envId: string,
    readonly baseUrl: () => string,
    dir: string,
    /** Replaced when the rules are uploaded again (StorageService.setRules). */
    public rules: StorageRules,
  ) {
    this.store = new BlobStore(dir);
  }

  /**
   * Whether a client (never the server SDK, which CloudBase does not restrict) may read or write
   * `cloudPath`. `resource.openid` is the stored file's uploader; for a file that does not exist yet
   * it is the caller, who would become its creator.
   */
  clientAllows(op: Operation, openid: string | undefined, cloudPath: string): boolean {
    const owner = this.store.owner(cloudPath) ?? openid ?? '';
    return this.rules.allows(op, {
      auth: openid ? { openid, uid: openid, loginType: 'WECHAT' } : null,
      resource: { openid: owner, path: cloudPath },
      now: Date.now(),
    });
  }

  nowSeconds(): number {
    return Math.floor(Date.now() / 1000);
  }

  fileIdFor(cloudPath: string): string {
    return fileIdFor(this.envId, cloudPath);
  }

  cloudPathOf(fileID: unknown): string | undefined {
    return cloudPathOf(this.envId, fileID);
  }

  /**
   * A signed URL that serves the file until `expires` (Unix seconds). The path goes in unencoded,
   * as in CloudBase's own temp URLs: node-sdk runs `encodeURI` over it before fetching.
   */
  fileUrl(cloudPath: string, expires: number): string {
    const sign = this.signer.sign('get', cloudPath, expires);
    return `${this.baseUrl()}${FILE_PATH}${cloudPath}?sign=${sign}&t=${expires}`;
  }

  /** Where node-sdk PUTs the bytes, and the `authorization` it must send with them. */
  uploadTarget(cloudPath: string): { url: string; authorization: string } {
    const expires = this.nowSeconds() + UPLOAD_URL_LIFETIME;
    const signature = this.signer.sign('put', cloudPath, expires);
    return {
      url: `${this.baseUrl()}${UPLOAD_PATH}${encodeURIComponent(cloudPath)}`,
      authorization: `EMULATOR-HMAC-SHA256 Expires=${expires}, Signature=${signature}`,
    };
  }

  /** `client`: the signed-in caller's openid when a client asks (the read rule applies); absent for the server SDK. */
  tempUrl(fileID: unknown, maxAge?: unknown, client?: { openid: string }): TempUrlItem {
    const age = clampMaxAge(maxAge);
    const cloudPath = this.cloudPathOf(fileID);
    if (cloudPath === undefined || this.store.size(cloudPath) === undefined) {
      return { fileID: String(fileID), tempFileURL: '', maxAge: age, ...notExist(fileID) };
    }
    if (client && !this.clientAllows('read', client.openid, cloudPath)) {
      return { fileID: String(fileID), tempFileURL: '', maxAge: age, ...denied(fileID) };
    }
    const tempFileURL = this.fileUrl(cloudPath, this.nowSeconds() + age);
    return { fileID: String(fileID), tempFileURL, code: 'SUCCESS', maxAge: age };
  }

  deleteFile(fileID: unknown, client?: { openid: string }): DeleteItem {
    const cloudPath = this.cloudPathOf(fileID);
    if (client && cloudPath !== undefined && this.store.size(cloudPath) !== undefined && !this.clientAllows('write', client.openid, cloudPath)) {
      return { fileID: String(fileID), ...denied(fileID) };
    }
    if (cloudPath !== undefined && this.store.remove(cloudPath)) return { fileID: String(fileID), code: 'SUCCESS' };
    return { fileID: String(fileID), ...notExist(fileID) };
  }
}

/** Seconds of validity: the caller's maxAge, within 1 s and one day; the default when absent or unusable. */
export function clampMaxAge(maxAge: unknown): number {
  const n = typeof maxAge === 'number' ? maxAge : typeof maxAge === 'string' ? Number(maxAge) : NaN;
  if (!Number.isFinite(n)) return DEFAULT_MAX_AGE;
  return Math.min(DEFAULT_MAX_AGE, Math.max(1, Math.floor(n)));
}

/** A batch parameter as an array of at most MAX_BATCH entries, or INVALID_PARAM. */
export function checkBatch(list: unknown, name: string): unknown[] {
  if (!Array.isArray(list) || list.length === 0) throw invalidParam(`${name} must be a non-empty array`);
  if (list.length > MAX_BATCH) throw invalidParam(`${name} holds ${list.length} files; at most ${MAX_BATCH} per call`);
  return list;
}
