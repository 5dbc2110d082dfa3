import fs from 'node:fs';
import { Collections } from '../../cloudfunctions/_common/collections';
import type { RoomDoc } from '../../cloudfunctions/_common/docs';
import { MemberStatus } from '../../src/shared/model';
import { lanAddress, originFor, startDevServer, type DevServer } from '../../scripts/dev/server';
import type { DemoUsersReply } from '../../scripts/dev/demo-users';
import { fakeH5Build, INDEX_HTML, rawGet, SECRET, tempDir } from './helpers';

let server: DevServer;
let base: string;
const dataDir = tempDir('dph-dev-');
const h5 = fakeH5Build();

beforeAll(async () => {
  server = await startDevServer({ dataDir, port: 0, staticDir: h5.dir, triggers: false });
  base = server.emu.url;
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(h5.root, { recursive: true, force: true });
});

async function roomsOf(buildingId: string): Promise<RoomDoc[]> {
  const { data } = await server.db.collection(Collections.rooms).where({ buildingId }).limit(1000).get();
  return data as RoomDoc[];
}

describe('local demo server', () => {
  it('seeds the empty database with the demo community', () => {
    expect(server.seed).toMatchObject({ state: 'seeded', counts: { rooms: 300, roster: 1200, members: 150, communities: 1 } });
  });

  it('lists demo users of every role for the local sign-in', async () => {
    const res = await fetch(`${base}/__dev/demo-users`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as DemoUsersReply;
    const roles = body.users.map((u) => u.role);
    expect(roles.filter((r) => r === 'admin')).toHaveLength(1);
    expect(roles.filter((r) => r === 'counselor')).toHaveLength(3);
    expect(roles.filter((r) => r === 'student').length).toBeGreaterThanOrEqual(2);
    expect(body.users.at(-1)).toMatchObject({ openid: 'demo-guest', role: 'guest' });
    for (const u of body.users) expect(u).toEqual({ openid: expect.stringMatching(/^demo-/), name: expect.any(String), role: expect.any(String), label: expect.any(String) });
    // Everyone listed (but the guest) is a stored user with that role and name; members of every status are there.
    const _ = server.db.command;
    const { data: users } = await server.db.collection(Collections.users).where({ openid: _.in(body.users.map((u) => u.openid)) }).limit(1000).get();
    const { data: members } = await server.db.collection(Collections.members).where({ userId: _.in(users.map((u) => u._id)) }).limit(1000).get();
    expect(users).toHaveLength(body.users.length - 1);
    for (const u of users) expect(body.users.find((l) => l.openid === u.openid)).toMatchObject({ role: u.role, name: u.name });
    for (const status of MemberStatus.options) expect(members.filter((m) => m.status === status).length).toBeGreaterThanOrEqual(2);
    expect(body.bindable.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(body.users)).not.toMatch(/1[3-9]\d{9}/);
  });

  it('tells the address a phone reaches', () => {
    expect(server.origin).toBe(base);
    expect(originFor(undefined, 9090, 'http://127.0.0.1:9090')).toBe('http://127.0.0.1:9090');
    expect(originFor('192.168.1.20', 9090, 'http://192.168.1.20:9090')).toBe('http://192.168.1.20:9090');
    // Listening on every interface: the LAN address, not loopback (when the machine has one).
    expect(originFor('0.0.0.0', 9090, 'http://127.0.0.1:9090')).toBe(lanAddress() ? `http://${lanAddress()}:9090` : 'http://127.0.0.1:9090');
  });

  it('answers the removed sheet pages and unknown paths with 404', async () => {
    // The local printable sheet is gone: door cards come from plaque.printBuilding.
    expect((await fetch(`${base}/__dev/sheets`)).status).toBe(404);
    expect((await fetch(`${base}/__dev/sheets/zy1`)).status).toBe(404);
    expect((await fetch(`${base}/__dev/nothing`)).status).toBe(404);
  });
});

describe('static h5 serving', () => {
  it('serves files with their content type and index.html for the app`s routes', async () => {
    const index = await fetch(`${base}/`);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toBe(INDEX_HTML);
    const js = await fetch(`${base}/js/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log("app")');
    expect((await fetch(`${base}/style.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const route = await fetch(`${base}/pages/plaque/index?scene=ABC`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(INDEX_HTML);
    expect((await fetch(`${base}/js/missing.js`)).status).toBe(404);
  });

  it('never reads outside the build directory', async () => {
    const attempts = [
      '/../secret.txt',
      '/../../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/js/..%2f..%2fsecret.txt',
      '/js%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/leak.txt',
      `/${encodeURIComponent(h5.root + '/secret.txt')}`,
      '/%00index.html',
    ];
    for (const attempt of attempts) {
      const res = await rawGet(base, attempt);
      expect({ attempt, leaked: res.body.includes(SECRET) }).toEqual({ attempt, leaked: false });
      expect({ attempt, ok: res.status === 200 ? res.body === INDEX_HTML : [400, 403, 404].includes(res.status) }).toEqual({ attempt, ok: true });
    }
    expect((await rawGet(base, '/..%2fsecret.txt')).status).toBe(403);
  });

  it('leaves the emulator`s own paths alone', async () => {
    expect((await fetch(`${base}/__emulator/metering`)).headers.get('content-type')).toContain('application/json');
    const res = await fetch(`${base}/client/whatever`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toBe(INDEX_HTML);
  });

  it('explains a missing h5 build instead of failing, and serves the build once it exists', async () => {
    const moved = `${h5.dir}-moved`;
    fs.renameSync(h5.dir, moved);
    try {
      const res = await fetch(`${base}/`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('h5 应用还没有构建');
      expect(text).toContain('npm run build:h5');
    } finally {
      fs.renameSync(moved, h5.dir);
    }
    expect(await (await fetch(`${base}/`)).text()).toBe(INDEX_HTML);
  });
});

describe('demo data through the real functions', () => {
  const call = async (openid: string, fn: string, action: string, input: object = {}) => {
    const outcome = await server.emu.functions.invoke(fn, { action, input }, { openid });
    if (!outcome.ok) throw new Error(`${fn}.${action} failed: ${JSON.stringify(outcome.failure)}`);
    return outcome.result as { ok: boolean; data?: Record<string, unknown>; error?: { code: string } };
  };

  it('signs in every demo role as what the list says', async () => {
    const { users } = (await (await fetch(`${base}/__dev/demo-users`)).json()) as DemoUsersReply;
    for (const u of users) {
      const me = await call(u.openid, 'account', 'me');
      expect({ openid: u.openid, role: me.data?.role }).toEqual({ openid: u.openid, role: u.role });
    }
  });

  it('shows a demo plaque with its consenting members and refuses a retired demo code', async () => {
    const { data: members } = await server.db.collection(Collections.members).where({ roomId: 'zy1-101' }).get();
    const room = (await roomsOf('zy1')).find((r) => r.number === '101')!;
    const view = await call('o-dev-scanner', 'plaque', 'view', { code: room.plaqueCode });
    expect(view.ok).toBe(true);
    const shown = (view.data!.members as { id: string }[]).map((m) => m.id).sort();
    expect(shown).toEqual(members.filter((m) => m.consent.public).map((m) => m._id).sort());
    const { data: retired } = await server.db.collection(Collections.plaques).where({ status: 'retired' }).limit(1).get();
    expect(await call('o-dev-scanner', 'plaque', 'view', { code: retired[0]._id })).toMatchObject({ ok: false, error: { code: 'CODE_RETIRED' } });
  });

  it('lets a new user bind with a bindable demo entry', async () => {
    const { bindable } = (await (await fetch(`${base}/__dev/demo-users`)).json()) as DemoUsersReply;
    const reply = await call('o-dev-binder', 'account', 'bind', { studentNo: bindable[0].studentNo, name: bindable[0].name });
    expect(reply).toMatchObject({ ok: true, data: { role: 'student', name: bindable[0].name } });
  });
});
