import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { loadSchema, resetData, startEmulator, type Emulator } from 'cloudbase-local';
import { generateDemoData } from '../demo/generate';
import { dataState, seedDemoData, type Database } from '../demo/seed';
import { demoUsersRoute } from './demo-users';
import { outboxRoute } from './outbox';
import { escapeHtml, page } from './html';
import { staticRoute } from './static';
import { CLIENT_UPLOADS } from './client-uploads';

const root = path.resolve(__dirname, '..', '..');

export interface DevServerOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Loopback unless given; anything else opens the local sign-in to that network. */
  host?: string;
  /** Browser origins besides this server's own that may call it (the h5 dev server). */
  allowedOrigins?: string[];
  /** The h5 build to serve. */
  staticDir: string;
  /** Why the h5 build may be missing, shown on the page served instead of it. */
  missingReason?: string;
  /** Wipe the data directory first (it is then seeded again). */
  reset?: boolean;
  functionsDir?: string;
  log?: (line: string) => void;
  /**
   * A fixed start time (default: real time): the demo data's dates count back from it, and the
   * functions' clock starts there and runs on (emu.clock), so journeys do not depend on the hour.
   */
  now?: Date;
  /** Run the functions' timer triggers on schedule (default true, as CloudBase; tests pass false). */
  triggers?: boolean;
}

export type SeedOutcome =
  | { state: 'seeded'; counts: Record<string, number>; ms: number }
  | { state: 'kept' | 'partial'; counts: Record<string, number> };

export interface DevServer {
  emu: Emulator;
  /** Where this machine opens the app. */
  url: string;
  /** What printed QR codes point to: the LAN address when listening beyond loopback. */
  origin: string;
  seed: SeedOutcome;
  db: Database;
  stop(): Promise<void>;
}

export const isLoopbackHost = (host: string | undefined) => !host || host === '127.0.0.1' || host === 'localhost' || host === '::1';

/** Bridges of containers and VMs, which a phone cannot reach. */
const VIRTUAL = /^(docker|br-|veth|virbr|vmnet|vboxnet|utun|tun|tap)/;
const rank = (address: string) => (address.startsWith('192.168.') ? 0 : address.startsWith('10.') ? 1 : 2);

/** The IPv4 address a phone on the same network most likely reaches (`--host ADDR` picks one explicitly). */
export function lanAddress(): string | null {
  const candidates = Object.entries(os.networkInterfaces())
    .filter(([name]) => !VIRTUAL.test(name))
    .flatMap(([, list]) => (list ?? []).filter((a) => a.family === 'IPv4' && !a.internal).map((a) => a.address));
  return candidates.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

export function originFor(host: string | undefined, port: number, loopbackUrl: string): string {
  if (isLoopbackHost(host)) return loopbackUrl;
  if (host === '0.0.0.0' || host === '::') {
    const lan = lanAddress();
    return lan ? `http://${lan}:${port}` : loopbackUrl;
  }
  return `http://${host!.includes(':') ? `[${host}]` : host}:${port}`;
}

function missingPage(reason: string): string {
  return page(
    '社区党建 · 本地演示',
    '',
    `<h1>社区党建 · 本地演示</h1>
<p class="note">h5 应用还没有构建，所以这里只有说明页。${escapeHtml(reason)}</p>
<p>本地 CloudBase 与演示数据已经在运行：</p>
<ul>
<li><a href="/__dev/demo-users">演示用户（本地登录用）</a></li>
<li><a href="/__emulator/metering">数据库读写计量</a></li>
</ul>
<p>构建 h5 后（<code>npm run build:h5</code>，输出到 <code>dist-h5/</code>）刷新本页即可。</p>`,
  );
}

/**
 * The local demo: the emulator with the real schema and functions, demo data seeded into an empty
 * database, and on the same server the h5 build plus the dev pages (`/__dev/`). The dev pages read
 * through the SDK like any client of the emulator.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? (() => undefined);
  // The SDK in this process talks only to the emulator: no probing of the cloud metadata host per call.
  process.env.TENCENTCLOUD ??= 'true';
  const functionsDir = options.functionsDir ?? path.join(root, 'cloudfunctions');
  if (options.reset) resetData(path.resolve(options.dataDir));

  let db: Database | undefined;
  let origin = '';
  const getDb = () => {
    if (!db) throw new Error('database not ready');
    return db;
  };
  const emu = await startEmulator({
    dataDir: options.dataDir,
    port: options.port,
    host: options.host,
    allowedOrigins: options.allowedOrigins,
    now: options.now,
    triggers: options.triggers,
    functionsDir,
    schema: loadSchema(path.join(functionsDir, 'database.json')),
    clientUploads: CLIENT_UPLOADS,
    log,
    extraRoutes: [
      demoUsersRoute(getDb),
      outboxRoute(() => emu.wx),
      staticRoute({ dir: options.staticDir, missingPage: () => missingPage(options.missingReason ?? `没有找到 ${options.staticDir}/index.html。`) }),
    ],
  });
  try {
    db = tcb.init({ ...emu.sdkConfig(), timeout: 60000 }).database();
    origin = originFor(options.host, emu.port, emu.url);
    const data = generateDemoData({ now: emu.clock.now() });
    const current = await dataState(db, data);
    let seed: SeedOutcome;
    if (current.state === 'empty') seed = { state: 'seeded', ...(await seedDemoData(db, data)) };
    else seed = { state: current.state === 'seeded' ? 'kept' : 'partial', counts: current.counts };
    return { emu, url: `${emu.url}/`, origin, seed, db, stop: () => emu.stop() };
  } catch (err) {
    await emu.stop();
    throw err;
  }
}
