import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildFunctions, functionNames } from './build-functions';
import { isLoopbackHost, startDevServer } from './dev/server';
import { keepRunningOnUnhandledRejection, openNetworkWarning } from 'cloudbase-local';

const root = path.resolve(__dirname, '..');

const USAGE = `npm start: the local demo (local CloudBase + demo data + the h5 app) on one port

  npm start [-- options]
    --port N        port (default 9090; 0 picks a free one)
    --data DIR      data directory, kept between runs (default .data)
    --reset         wipe the data directory and seed the demo data again
    --host ADDR     listen on ADDR (e.g. 0.0.0.0) to scan the printed QR codes with a phone on the LAN;
                    the local sign-in (as any user, admin included) is then open to that whole network
    --allow-origin URL[,URL]  browser origins besides this server's own that may call it
                    (e.g. the h5 dev server of npm run dev:h5); every other origin is refused
    --no-build      skip building the cloud functions and the h5 app (use what is there)
    --static DIR    serve this directory instead of dist-h5/`;

interface Args {
  port: number;
  data: string;
  reset: boolean;
  host?: string;
  allowedOrigins: string[];
  build: boolean;
  staticDir: string;
}

function parseArgs(argv: string[]): Args | null {
  const args: Args = { port: 9090, data: path.join(root, '.data'), reset: false, allowedOrigins: [], build: true, staticDir: path.join(root, 'dist-h5') };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = () => {
      const v = argv[(i += 1)];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n\n${USAGE}`);
      return v;
    };
    if (flag === '--help' || flag === '-h') return null;
    else if (flag === '--port') args.port = Number(value());
    else if (flag === '--data') args.data = path.resolve(value());
    else if (flag === '--static') args.staticDir = path.resolve(value());
    else if (flag === '--host') args.host = value();
    else if (flag === '--allow-origin') args.allowedOrigins.push(...value().split(',').filter(Boolean));
    else if (flag === '--reset') args.reset = true;
    else if (flag === '--no-build') args.build = false;
    else throw new Error(`unknown option ${flag}\n\n${USAGE}`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be 0..65535');
  if (args.host?.includes(':')) throw new Error('--host takes an IPv4 address (e.g. 0.0.0.0 or 192.168.1.20)');
  return args;
}

/** Newest modification time of any file under these paths (the h5 build's inputs). */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of paths) visit(p);
  return newest;
}

/** Runs `npm run build:h5` when the app defines it; the reason it did not build otherwise. */
function buildH5(): string | undefined {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (!pkg.scripts?.['build:h5']) {
    console.warn('NOTE: package.json has no "build:h5" script yet, so there is no h5 app to serve; the page at / explains this.');
    return 'package.json 还没有 build:h5 脚本（h5 应用尚未加入）。';
  }
  // The h5 build takes about a minute on two cores: skip it when nothing it reads has changed.
  const built = path.join(root, 'dist-h5', 'index.html');
  const inputs = ['src', 'config', 'babel.config.js', 'package.json'].map((p) => path.join(root, p));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs > newestMtime(inputs)) {
    console.log('h5 build is up to date (dist-h5/ is newer than src/ and config/)');
    return undefined;
  }
  console.log('building h5 (npm run build:h5) ...');
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build:h5'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.warn(`WARNING: npm run build:h5 failed (exit ${result.status ?? result.signal}); serving the previous dist-h5/ if any.`);
    return 'npm run build:h5 失败，请查看终端输出。';
  }
  console.log(`built h5 in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return undefined;
}

function warnOpenNetwork(host: string): void {
  const line = '!'.repeat(78);
  // The local CloudBase's own warning, then what that means in this app.
  const app = [
    '  In this app that means: the roster with names, student numbers and phone numbers, role changes,',
    '  approved hours, exports, plaque photos and volunteer evidence, and /__dev/ (demo users) with the app.',
  ];
  const warning = openNetworkWarning(host);
  console.warn([line, ...[...warning.slice(0, -1), ...app, ...warning.slice(-1)].map((l) => `!! ${l}`), line].join('\n'));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.log(USAGE);
    return;
  }
  let missingReason: string | undefined;
  if (args.build) {
    const names = functionNames();
    await buildFunctions(names);
    console.log(`built cloud functions: ${names.join(', ')}`);
    missingReason = buildH5();
  } else {
    missingReason = '以 --no-build 启动，未构建 h5。';
  }
  if (!isLoopbackHost(args.host)) warnOpenNetwork(args.host!);

  const log = (line: string) => console.error(line);
  keepRunningOnUnhandledRejection(log);
  const server = await startDevServer({
    dataDir: args.data,
    port: args.port,
    host: args.host,
    allowedOrigins: args.allowedOrigins,
    staticDir: args.staticDir,
    missingReason,
    reset: args.reset,
    log,
  });
  // Before anything is printed: whoever reads the URL may stop us at once.
  const stop = () => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const { seed } = server;
  const total = (counts: Record<string, number>) => Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ');
  if (args.reset) console.log(`reset ${server.emu.dataDir}`);
  if (seed.state === 'seeded') console.log(`seeded demo data in ${seed.ms} ms: ${total(seed.counts)}`);
  else if (seed.state === 'kept') console.log(`kept the data in ${server.emu.dataDir} (npm start -- --reset to reseed): ${total(seed.counts)}`);
  else console.warn(`WARNING: ${server.emu.dataDir} holds data from an interrupted seed (no community); run npm start -- --reset`);

  console.log(`demo users: ${server.url}__dev/demo-users   (door cards to print: the admin's 寝室二维码 page)`);
  if (server.origin !== server.emu.url) {
    console.log(`on your network: ${server.origin}/  (open this on a phone; if it cannot reach it, use --host <this machine's LAN IP>)`);
  }
  console.log(`社区党建 local demo: ${server.url}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') console.error('that port is taken: pick another with npm start -- --port N');
  process.exit(1);
});
