import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, type Route } from '../http/server';
import type { ClientSessions } from '../http/client-sessions';
import { readJson } from '../http/body';
import { DbErrorCode, toCloudBaseError } from '../errors';
import { cloudPathProblem } from './cloud-path';
import { checkBatch, type StorageCore } from './core';
import type { UploadPolicy } from './uploads';

/**
 * Largest client upload. wx.cloud.uploadFile has no documented cap; 10 MB bounds a photo comfortably,
 * and a spreadsheet of tens of thousands of rows too.
 */
export const CLIENT_UPLOAD_LIMIT = 10 * 1024 * 1024;
const CLIENT_JSON_LIMIT = 1024 * 1024;

/** wx-server-sdk's numeric status for a per-file failure (its TCB_ERR_CODE table). */
const statusOf: Record<string, number> = { STORAGE_FILE_NONEXIST: -503003, STORAGE_EXCEED_AUTHORITY: -503002 };
const errMsgOf: Record<string, string> = { STORAGE_FILE_NONEXIST: 'storage file not exists', STORAGE_EXCEED_AUTHORITY: 'storage permission denied' };

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { code, message });
}

/** The whole body, or undefined past `limit` bytes (the rest is still read, so the client gets the 413). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size <= limit) chunks.push(buf);
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}

/**
 * Like wx.cloud.uploadFile: the write rule decides (with `resource.openid` the existing file's
 * uploader, or the caller for a new file); then the project's client upload rules, if it gave any,
 * decide by path and content what is taken (uploads.ts; without them, anything, as CloudBase).
 */
async function upload(core: StorageCore, sessions: ClientSessions, uploads: UploadPolicy, req: IncomingMessage, res: ServerResponse, url: URL) {
  const who = sessions.identityOf(req);
  if (!who) return sendError(res, 401, 'UNAUTHENTICATED', 'sign in first: Authorization: Bearer <token>');
  const cloudPath = url.searchParams.get('cloudPath');
  const problem = cloudPathProblem(cloudPath);
  if (problem) return sendError(res, 400, DbErrorCode.InvalidParam, `${problem}: ${JSON.stringify(cloudPath)}`);
  const tooLarge = () => sendError(res, 413, DbErrorCode.RequestTooLarge, `file exceeds ${CLIENT_UPLOAD_LIMIT} bytes`);
  if (Number(req.headers['content-length'] ?? 0) > CLIENT_UPLOAD_LIMIT) return tooLarge();
  if (!core.clientAllows('write', who.openid, cloudPath as string)) {
    req.resume();
    return sendError(res, 403, DbErrorCode.StorageExceedAuthority, `storage permission denied: ${cloudPath}`);
  }
  const bytes = await readBody(req, CLIENT_UPLOAD_LIMIT);
  if (!bytes) return tooLarge();
  const refusal = uploads.refusal(cloudPath as string, bytes);
  if (refusal) return sendError(res, 415, DbErrorCode.InvalidParam, refusal);
  const result = await core.store.write(cloudPath as string, [bytes], CLIENT_UPLOAD_LIMIT, who.openid);
  if (!result.ok) return tooLarge();
  sendJson(res, 200, { fileID: core.fileIdFor(cloudPath as string) });
}

/** The caller and the `fileList` of a batch request; on failure answers 401/400/413 itself and returns undefined. */
async function signedInBatch(sessions: ClientSessions, req: IncomingMessage, res: ServerResponse) {
  const who = sessions.identityOf(req);
  if (!who) return void sendError(res, 401, 'UNAUTHENTICATED', 'sign in first: Authorization: Bearer <token>');
  try {
    const body = (await readJson(req, CLIENT_JSON_LIMIT)) as { fileList?: unknown } | null;
    return { who, list: checkBatch(body?.fileList, 'fileList') };
  } catch (err) {
    const e = toCloudBaseError(err);
    return void sendError(res, e.code === DbErrorCode.RequestTooLarge ? 413 : 400, e.code, e.message);
  }
}

/** Like wx.cloud.getTempFileURL: entries are fileIDs or `{fileID, maxAge}`; failures stay per file. */
async function tempUrls(core: StorageCore, sessions: ClientSessions, req: IncomingMessage, res: ServerResponse) {
  const batch = await signedInBatch(sessions, req, res);
  if (!batch) return;
  const { who, list } = batch;
  const fileList = list.map((entry) => {
    const { fileID, maxAge } =
      entry && typeof entry === 'object' ? (entry as { fileID?: unknown; maxAge?: unknown }) : { fileID: entry, maxAge: undefined };
    const item = core.tempUrl(fileID, maxAge, { openid: who.openid });
    if (item.code === 'SUCCESS') return { fileID: item.fileID, tempFileURL: item.tempFileURL, maxAge: item.maxAge, status: 0, errMsg: 'ok' };
    return {
      fileID: item.fileID,
      tempFileURL: '',
      maxAge: item.maxAge,
      status: statusOf[item.code] ?? -501001,
      errMsg: errMsgOf[item.code] ?? item.message,
      code: item.code,
    };
  });
  sendJson(res, 200, { fileList });
}

/** Like wx.cloud.deleteFile: `{fileList: [fileID...]}`, each checked against the write rule. */
async function deleteFiles(core: StorageCore, sessions: ClientSessions, req: IncomingMessage, res: ServerResponse) {
  const batch = await signedInBatch(sessions, req, res);
  if (!batch) return;
  const { who, list } = batch;
  const fileList = list.map((fileID) => {
    const item = core.deleteFile(fileID, { openid: who.openid });
    if (item.code === 'SUCCESS') return { fileID: item.fileID, status: 0, errMsg: 'ok' };
    return { fileID: item.fileID, status: statusOf[item.code] ?? -501001, errMsg: errMsgOf[item.code] ?? item.message, code: item.code };
  });
  sendJson(res, 200, { fileList });
}

/**
 * The storage half of the client endpoint, for a web build (e.g. Taro's h5) where wx.cloud.uploadFile does not
 * exist: `POST /client/storage/upload?cloudPath=...` (raw bytes), `POST /client/storage/temp-urls` and
 * `POST /client/storage/delete`. All need a signed-in session, as a mini-program always has a WeChat
 * identity, and all obey the storage rules (rules.ts), as wx.cloud's storage calls do in CloudBase.
 */
export function clientRoutes(core: StorageCore, sessions: ClientSessions, uploads: UploadPolicy): Route[] {
  const guard =
    (fn: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>) =>
    async (req: IncomingMessage, res: ServerResponse, url: URL) => {
      try {
        await fn(req, res, url);
      } catch (err) {
        // Answer in this endpoint's shape (HTTP status + CORS), not the admin protocol's 200 envelope.
        if (res.headersSent) return void res.destroy();
        const e = toCloudBaseError(err);
        sendError(res, 500, e.code, e.message);
      }
    };
  return [
    { method: 'POST', path: /^\/client\/storage\/upload$/, handle: guard((req, res, url) => upload(core, sessions, uploads, req, res, url)) },
    { method: 'POST', path: /^\/client\/storage\/temp-urls$/, handle: guard((req, res) => tempUrls(core, sessions, req, res)) },
    { method: 'POST', path: /^\/client\/storage\/delete$/, handle: guard((req, res) => deleteFiles(core, sessions, req, res)) },
  ];
}
