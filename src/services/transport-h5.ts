import { NetworkError, UploadRefusedError, type Transport } from './client';
import { isImportPath } from '../shared/domain/photo-path';
import type { Session, SessionStore } from './session';

/** Same signature as the global fetch; tests pass the real one. */
type Fetch = typeof fetch;

export interface H5TransportOptions {
  /** The local CloudBase, e.g. `http://127.0.0.1:9090` (no trailing slash). */
  origin: () => string;
  sessions: SessionStore;
  fetch?: Fetch;
}

interface ClientReply {
  errCode?: number;
  errMsg?: string;
  result?: unknown;
}

/** The local CloudBase's client endpoint; answers like wx.cloud.callFunction. */
export function createH5Transport(options: H5TransportOptions): Transport & { signIn(openid: string, label?: string): Promise<Session> } {
  const doFetch: Fetch = (...args) => (options.fetch ?? fetch)(...args);

  async function request(path: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(`${options.origin()}${path}`, init);
    } catch (err) {
      throw new NetworkError(err instanceof Error ? err.message : String(err));
    }
  }

  async function signIn(openid: string, label?: string): Promise<Session> {
    const res = await request('/client/signin', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ openid }) });
    const body = (await res.json().catch(() => ({}))) as { token?: unknown };
    if (!res.ok || typeof body.token !== 'string') throw new Error(`sign-in failed: HTTP ${res.status}`);
    const session: Session = { token: body.token, openid, ...(label ? { label } : {}) };
    options.sessions.set(session);
    return session;
  }

  /** A browser that never signed in is a new visitor, as a first-time WeChat user would be. */
  async function session(): Promise<Session> {
    return options.sessions.get() ?? signIn(`h5-guest-${Math.random().toString(36).slice(2, 12)}`, '新访客');
  }

  /** Sessions live in the emulator's memory: after a restart the token is unknown, so sign in again as the same openid once. */
  async function withSession(send: (token: string) => Promise<Response>): Promise<Response> {
    const current = await session();
    const res = await send(current.token);
    if (res.status !== 401) return res;
    const renewed = await signIn(current.openid, current.label);
    return send(renewed.token);
  }

  return {
    signIn,
    async callFunction(name, data) {
      const res = await withSession((token) =>
        request(`/client/functions/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ data }),
        }),
      );
      const body = (await res.json().catch(() => null)) as ClientReply | null;
      if (!body) throw new Error(`HTTP ${res.status} without a JSON body`);
      if (body.errCode !== undefined && body.errCode !== 0) throw new Error(body.errMsg ?? `errCode ${body.errCode}`);
      return body.result;
    },
    async uploadFile(cloudPath, filePath) {
      // On h5 a chosen image is a blob: (or data:) URL; read its bytes, then send them raw.
      const bytes = await (await doFetch(filePath)).blob();
      const res = await withSession((token) =>
        request(`/client/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': bytes.type || 'application/octet-stream' },
          body: bytes,
        }),
      );
      const body = (await res.json().catch(() => ({}))) as { fileID?: unknown; message?: string };
      // The local CloudBase checks the bytes (415) and the storage rules (403), as the server does again on save.
      if (res.status === 415) throw new UploadRefusedError(isImportPath(cloudPath) ? '只能上传 .xlsx 或 .csv 格式的名单文件（内容须与扩展名一致）' : '只能上传 JPEG、PNG 或 WebP 格式的照片');
      if (res.status === 413) throw new UploadRefusedError('文件太大：不能超过 10 MB');
      if (res.status === 403) throw new UploadRefusedError('没有权限上传到这个位置，请重新登录后再试');
      if (!res.ok || typeof body.fileID !== 'string') throw new Error(body.message ?? `upload failed: HTTP ${res.status}`);
      return body.fileID;
    },
  };
}
