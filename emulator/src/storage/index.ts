import type { AdminAction, Route } from '../http/server';
import type { ClientSessions } from '../http/client-sessions';
import { StorageCore, DEFAULT_MAX_AGE } from './core';
import { storageActions } from './admin-actions';
import { fileRoutes } from './file-routes';
import { clientRoutes } from './client-routes';
import { compileRules, type StorageRules } from './rules';
import { uploadPolicy, type UploadPolicy } from './uploads';

export { cloudPathProblem, fileIdFor, bucketFor } from './cloud-path';
export { DEFAULT_MAX_AGE, MAX_BATCH } from './core';
export { CLIENT_UPLOAD_LIMIT } from './client-routes';
export { compileRules, loadRules, type StorageRules } from './rules';

export interface StorageServiceOptions {
  /** Where stored files live; created if missing. */
  dir: string;
  envId: string;
  /** `http://host:port` of the running emulator; read lazily because the port is known only after listen. */
  baseUrl: () => string;
  sessions: ClientSessions;
  /** The bucket's security rules, applied to the client endpoints only. */
  rules: StorageRules;
  /** What the client upload endpoint takes by path and content (uploads.ts `uploadPolicy`); anything when undefined. */
  uploads?: UploadPolicy;
}

/**
 * Cloud storage: the SDK's upload / temp-URL / delete / download protocol, signed URLs served by
 * this emulator in place of COS, and a client endpoint for a web build (no wx.cloud there).
 */
export class StorageService {
  private readonly core: StorageCore;
  private readonly uploads: UploadPolicy;

  constructor(readonly options: StorageServiceOptions) {
    this.uploads = options.uploads ?? uploadPolicy(undefined);
    this.core = new StorageCore(options.envId, options.baseUrl, options.dir, options.rules);
  }

  actions(): Map<string, AdminAction> {
    return storageActions(this.core);
  }

  routes(): Route[] {
    return [...fileRoutes(this.core), ...clientRoutes(this.core, this.options.sessions, this.uploads)];
  }

  /** Replaces the bucket's security rules at once (CloudBase's setStorageAcl('CUSTOM', rule)); a bad rule throws and changes nothing. */
  setRules(source: unknown): void {
    this.core.rules = compileRules(source);
    this.rulesSource = source;
  }

  /** The rules as last given (the JSON the emulator started with, or the last setRules); undefined when started without a file. */
  rulesSource: unknown;

  /** The fileID CloudBase would give `cloudPath` in this environment. */
  fileIdFor(cloudPath: string): string {
    return this.core.fileIdFor(cloudPath);
  }

  /** Whether a file is stored under this fileID. */
  has(fileID: string): boolean {
    const cloudPath = this.core.cloudPathOf(fileID);
    return cloudPath !== undefined && this.core.store.size(cloudPath) !== undefined;
  }

  /** Who uploaded the file through a client endpoint ('' for the server SDK), undefined when missing. */
  ownerOf(fileID: string): string | undefined {
    const cloudPath = this.core.cloudPathOf(fileID);
    return cloudPath === undefined ? undefined : this.core.store.owner(cloudPath);
  }

  /** The stored bytes, or undefined. */
  read(fileID: string): Buffer | undefined {
    const cloudPath = this.core.cloudPathOf(fileID);
    return cloudPath === undefined ? undefined : this.core.store.read(cloudPath);
  }

  /**
   * A temp URL for `fileID` that expires at `expiresAt` (Unix seconds), whether or not the file
   * exists: lets tests build an already-expired URL without waiting for one to age.
   */
  signedUrl(fileID: string, expiresAt: number = Math.floor(Date.now() / 1000) + DEFAULT_MAX_AGE): string {
    const cloudPath = this.core.cloudPathOf(fileID);
    if (cloudPath === undefined) throw new Error(`not a fileID of env ${this.options.envId}: ${fileID}`);
    return this.core.fileUrl(cloudPath, expiresAt);
  }
}
