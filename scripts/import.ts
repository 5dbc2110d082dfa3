import fs from 'node:fs';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { readCredentials } from 'cloudbase-local';
import type { ImportJob } from '../src/shared/contract/roster';
import { PAGE_LIMIT_MAX } from '../src/shared/contract/common';
import { changeKindLabels, IMPORT_KINDS, IMPORT_TEMPLATES, type ImportKind } from '../src/shared/domain/roster-import';

/**
 * `npm run import -- --kind students --file x.xlsx [--full] [--dry-run] [--as <admin openid>]`
 *
 * The roster import from the command line, through the same actions the admin page calls
 * (function `roster`: preview, changes, apply chunk by chunk), as an admin. Against the local
 * CloudBase of `npm start` (default http://127.0.0.1:9090, `--url` or IMPORT_URL): the file goes
 * into the admin's upload folder with the server credentials from `.data/credentials.json`, and
 * the calls are made as the admin through the local sign-in. Against a CloudBase environment
 * (TCB_ENV, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY): the file is uploaded with those keys,
 * but a call from outside WeChat carries no WeChat identity, so the router answers UNAUTHENTICATED;
 * there, import from the admin page (the CLI says so).
 */
const USAGE = `用法: npm run import -- --kind ${IMPORT_KINDS.join('|')} --file 文件.xlsx|文件.csv [--full] [--dry-run] [--as 管理员openid] [--url http://127.0.0.1:9090] [--data .data]`;

interface Args {
  kind: ImportKind;
  file: string;
  full: boolean;
  dryRun: boolean;
  as: string;
  url: string;
  data: string;
}

function parseArgs(argv: string[]): Args {
  const args: Partial<Args> = { full: false, dryRun: false, as: process.env.IMPORT_ADMIN_OPENID ?? 'demo-admin', url: process.env.IMPORT_URL ?? 'http://127.0.0.1:9090', data: path.resolve(__dirname, '..', '.data') };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const value = () => {
      const v = argv[(i += 1)];
      if (v === undefined) throw new Error(`${a} 需要一个值\n${USAGE}`);
      return v;
    };
    if (a === '--kind') args.kind = value() as ImportKind;
    else if (a === '--file') args.file = value();
    else if (a === '--full') args.full = true;
    else if (a === '--dry-run') args.dryRun = true;
    else if (a === '--as') args.as = value();
    else if (a === '--url') args.url = value().replace(/\/$/, '');
    else if (a === '--data') args.data = path.resolve(value());
    else throw new Error(`不认识的参数 ${a}\n${USAGE}`);
  }
  if (!args.kind || !IMPORT_KINDS.includes(args.kind)) throw new Error(`--kind 应为 ${IMPORT_KINDS.join('、')}\n${USAGE}`);
  if (!args.file) throw new Error(`缺少 --file\n${USAGE}`);
  return args as Args;
}

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** Calls as a user through the local CloudBase's client endpoint (the local sign-in). */
async function localCaller(url: string, openid: string) {
  const res = await fetch(`${url}/client/signin`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ openid }) });
  const { token } = (await res.json()) as { token?: string };
  if (!res.ok || !token) throw new Error(`无法以 ${openid} 登录本地 CloudBase（HTTP ${res.status}）`);
  return async <T>(action: string, input: object): Promise<T> => {
    const r = await fetch(`${url}/client/functions/roster`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ data: { action, input } }) });
    const body = (await r.json()) as { result?: Reply<T>; errMsg?: string };
    if (!body.result) throw new Error(body.errMsg ?? `HTTP ${r.status}`);
    if (!body.result.ok) throw new Error(`${body.result.error.code}: ${body.result.error.message}`);
    return body.result.data;
  };
}

function printJob(job: ImportJob): void {
  console.log(`表头在第${job.headerRow}行，读到${job.rows}行，合并相同行${job.collapsed}行`);
  const counts = Object.entries(job.counts).filter(([, n]) => n > 0).map(([k, n]) => `${k === 'unchanged' ? '无变化' : changeKindLabels[k as keyof typeof changeKindLabels]} ${n}`);
  console.log(`变更：${counts.join('，') || '无'}`);
  if (job.errorCount > 0) {
    console.log(`有${job.errorCount}行错误（修改后重新导入）：`);
    for (const e of job.errors) console.log(`  第${e.row}行：${e.message}`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const bytes = fs.readFileSync(args.file);
  const remote = process.env.TCB_ENV && process.env.TENCENTCLOUD_SECRETID && process.env.TENCENTCLOUD_SECRETKEY;
  const credentials = readCredentials(args.data);
  if (!remote && !credentials) throw new Error(`没有找到本地 CloudBase 的密钥（${args.data}/credentials.json）：先运行 npm start`);
  const app = remote
    ? tcb.init({ env: process.env.TCB_ENV!, secretId: process.env.TENCENTCLOUD_SECRETID!, secretKey: process.env.TENCENTCLOUD_SECRETKEY! })
    : tcb.init({ env: 'local-dev', secretId: credentials!.secretId, secretKey: credentials!.secretKey, serviceUrl: `${args.url}/admin`, timeout: 60_000 } as Parameters<typeof tcb.init>[0]);
  const ext = path.extname(args.file).toLowerCase() === '.csv' ? 'csv' : 'xlsx';
  const { fileID } = (await app.uploadFile({ cloudPath: `user/${args.as}/imports/cli-${Date.now().toString(36)}.${ext}`, fileContent: bytes })) as { fileID: string };
  if (remote) throw new Error(`文件已上传（${fileID}），但命令行调用云函数时没有微信身份：请在小程序“名单导入”页面中导入`);

  const call = await localCaller(args.url, args.as);
  console.log(`${IMPORT_TEMPLATES[args.kind].title}名单 ${args.file}${args.full ? (args.kind === 'students' ? '（完整名单：不在文件中的人将标记离校）' : '（完整名单：不在文件中的人只列出，不做修改）') : ''}`);
  let job = await call<ImportJob>('preview', { kind: args.kind, fileID, fileName: path.basename(args.file), full: args.full });
  printJob(job);
  if (args.dryRun || job.errorCount > 0 || job.status === 'done') {
    if (job.status === 'done' && job.errorCount === 0) console.log('没有需要写入的变更');
    process.exitCode = job.errorCount > 0 ? 1 : 0;
    return;
  }
  const started = Date.now();
  while (job.status !== 'done') {
    job = await call<ImportJob>('apply', { jobId: job.jobId });
    process.stdout.write(`\r已写入 ${job.applied}/${job.total}（${job.chunks}批）`);
  }
  console.log(`\n完成：${job.total}项变更，${job.chunks}批，${((Date.now() - started) / 1000).toFixed(1)} 秒；导入编号 ${job.jobId}`);
  if (args.kind === 'counselors' && job.counts.added) {
    // The new invites' codes, to hand over (the diff shows them once written).
    console.log('新建的辅导员邀请码（7天内有效）：');
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { items: Array<{ kind: string; subject: string; name: string; after: Record<string, string> | null }>; nextCursor: string | null } = await call('changes', { jobId: job.jobId, kind: 'added', limit: PAGE_LIMIT_MAX, ...(cursor ? { cursor } : {}) });
      for (const c of page.items) console.log(`  ${c.subject} ${c.name}：${c.after?.invite ?? ''}`);
      cursor = page.nextCursor;
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
