import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from 'cloudbase-local/testing';
import { startApp, type App } from './harness';
import { seedWorld, type World } from './world';

/**
 * `npm run import` against a running local CloudBase, as an admin would use it: the file is uploaded
 * with the server keys of the data directory, then previewed and applied as the admin through the
 * local sign-in. The counselors kind prints the invite codes it made (they page through `changes`).
 */
const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
let app: App;
let world: World;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir();
  app = await startApp({ dataDir });
  world = await seedWorld(app);
});
afterAll(async () => {
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the command; answers its output and exit code (row errors end it with 1). */
async function importFile(kind: string, name: string, text: string): Promise<{ out: string; code: number }> {
  const file = path.join(dataDir, name);
  fs.writeFileSync(file, text);
  const args = ['tsx', 'scripts/import.ts', '--kind', kind, '--file', file, '--url', app.emu.url, '--data', dataDir, '--as', world.users.admin.openid];
  try {
    const { stdout, stderr } = await run('npx', args, { cwd: root, timeout: 60_000 });
    return { out: stdout + stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return { out: `${e.stdout ?? ''}${e.stderr ?? ''}`, code: e.code ?? -1 };
  }
}

describe('npm run import (command line, local CloudBase)', () => {
  it('imports counselors, lists the invite codes it made, and the same file again changes nothing', async () => {
    // 55 counselors: the codes are listed in pages of the largest size a list answers.
    const nameOf = (i: number) => `老师${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳'[Math.floor(i / 10)]}`;
    const rows = Array.from({ length: 55 }, (_, i) => `T20${String(i).padStart(4, '0')},${nameOf(i)},,智园1号楼`);
    const text = ['工号,姓名,手机,负责楼栋', ...rows].join('\n');
    const { out: first, code } = await importFile('counselors', 'counselors.csv', text);
    expect(code).toBe(0);
    expect(first).toContain('变更：新增 55');
    expect(first).toContain('新建的辅导员邀请码');
    const codes = first.split('\n').filter((l) => /^\s+T20\d{4} 老师\S{2}：[A-Z0-9]+$/.test(l));
    expect(codes).toHaveLength(55);
    const invites = (await app.db.collection('invites').where({ staffNo: 'T200054' }).get()).data;
    expect(invites).toHaveLength(1);
    expect(first).toContain(`T200054 ${nameOf(54)}：${invites[0]._id}`);

    const { out: again } = await importFile('counselors', 'counselors.csv', text);
    expect(again).toContain('没有需要写入的变更');
    expect((await app.db.collection('invites').where({ staffNo: 'T200054' }).get()).data).toHaveLength(1);
  }, 180_000);

  it('refuses a members file with a bad row by its row number and writes nothing', async () => {
    const text = ['学号,姓名,政治面貌,支部', `${world.freeRoster.studentNo},王芳,入党积极分子,不存在的支部`].join('\n');
    const { out, code } = await importFile('members', 'members.csv', text);
    expect(code).not.toBe(0);
    expect(out).toMatch(/第2行：/);
    expect(out).not.toContain('已写入');
  }, 120_000);
});
