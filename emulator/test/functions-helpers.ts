import path from 'node:path';
import type { Emulator } from '../src/emulator';

/** Fixture functions: `<name>/index.js` plus an optional `config.json`, as CloudBase deploys them. */
export const FIXTURE_FUNCTIONS = path.join(__dirname, 'fixtures', 'functions');

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

async function post(url: string, body: string | undefined, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** Signs a user in through the client endpoint and returns the bearer token. */
export async function signIn(emu: Emulator, openid: string, extra: { appid?: string; unionid?: string } = {}) {
  const reply = await post(`${emu.url}/client/signin`, JSON.stringify({ openid, ...extra }));
  if (reply.status !== 200) throw new Error(`signin failed: ${JSON.stringify(reply.body)}`);
  return reply.body.token as string;
}

/** `wx.cloud.callFunction` as the h5 app makes it: POST /client/functions/<name> with a bearer token. */
export function callAs(emu: Emulator, token: string | undefined, name: string, data: unknown = {}): Promise<Reply> {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return post(`${emu.url}/client/functions/${name}`, JSON.stringify({ data }), auth);
}

/** A raw POST for malformed or oversize bodies. */
export function rawPost(emu: Emulator, pathName: string, body: string, headers: Record<string, string> = {}) {
  return post(`${emu.url}${pathName}`, body, headers);
}
