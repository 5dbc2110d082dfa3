import { randomBytes } from 'node:crypto';
import type { AdminAction } from '../http/server';
import { checkCloudPath } from './cloud-path';
import { checkBatch, DEFAULT_MAX_AGE, type StorageCore } from './core';

/**
 * The SDK's storage actions, as node-sdk 3.17/3.18 sends them (src/storage/index.ts):
 * - uploadFile: `storage.getUploadMetadata {path, method:'put'}`, reads `data.{url, token,
 *   authorization, fileId, cosFileId}`, then PUTs the bytes to `url` (see file-routes.ts).
 * - getTempFileURL / downloadFile: `storage.batchGetDownloadUrl {file_list:[{fileid, max_age?,
 *   url_type?}]}`, reads `data.download_list` (per file: fileID, tempFileURL, code 'SUCCESS' or an
 *   error code). downloadFile asks for max_age 600 and GETs the URL.
 * - deleteFile: `storage.batchDeleteFile {fileid_list:[...]}`, reads `data.delete_list`.
 * A bad call as a whole answers `{code, message}`; a missing file only fails its own entry.
 */
export function storageActions(core: StorageCore): Map<string, AdminAction> {
  return new Map<string, AdminAction>([
    [
      'storage.getUploadMetadata',
      async (params) => {
        const cloudPath = checkCloudPath(params.path);
        const { url, authorization } = core.uploadTarget(cloudPath);
        return {
          data: {
            url,
            authorization,
            // COS temporary-credential token and object-metadata id: opaque to the SDK, which only
            // echoes them back as headers, so random values keep the shape without meaning anything.
            token: randomBytes(16).toString('hex'),
            cosFileId: randomBytes(12).toString('hex'),
            fileId: core.fileIdFor(cloudPath),
            download_url: core.fileUrl(cloudPath, core.nowSeconds() + DEFAULT_MAX_AGE),
          },
        };
      },
    ],
    [
      'storage.batchGetDownloadUrl',
      async (params) => {
        const list = checkBatch(params.file_list, 'file_list');
        const download_list = list.map((entry) => {
          const { fileid, max_age } = (entry ?? {}) as { fileid?: unknown; max_age?: unknown };
          const item = core.tempUrl(fileid, max_age);
          // tcb-js-sdk's downloadFile reads `download_url`; node-sdk reads `tempFileURL`.
          return { ...item, download_url: item.tempFileURL };
        });
        return { data: { download_list } };
      },
    ],
    [
      'storage.batchDeleteFile',
      async (params) => {
        const list = checkBatch(params.fileid_list, 'fileid_list');
        return { data: { delete_list: list.map((fileID) => core.deleteFile(fileID)) } };
      },
    ],
  ]);
}
