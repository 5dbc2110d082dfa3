import fs from 'node:fs';
import path from 'node:path';
import { startEmulator } from './emulator';
import { loadSchema } from './database/schema';
import { exportCollection, importCollection, resetData } from './data-tools';
import { CREDENTIALS_FILE } from './credentials';
import { keepRunningOnUnhandledRejection } from './process-guard';
import { openNetworkWarning } from './open-network';
import { CHINA_OFFSET_MS } from './functions/cron';

const USAGE = `Local CloudBase (emulator)

  npm run emulator -- [start] [--port 9090] [--data .data] [--functions cloudfunctions] [--host 127.0.0.1]
                        [--secret-id AKID... --secret-key KEY] [--allow-origin http://localhost:10086,...]
                        [--triggers off]
  npm run emulator -- reset  [--data .data]
  npm run emulator -- export --collection NAME [--data .data] [--out FILE]     (JSON lines; stdout by default)
  npm run emulator -- import --collection NAME [--data .data] [--in FILE]      (JSON lines; stdin by default)

The SDK must sign with the emulator's key pair: --secret-id/--secret-key, or by default a pair generated
for the data directory on first start and kept in <data>/${CREDENTIALS_FILE} (mode 0600; the functions
get it in their environment). --allow-origin adds browser origins besides the emulator's own address
(e.g. the h5 dev server); other origins and Host names are refused. The functions' timer triggers
(config.json "triggers", CloudBase's 7-field cron in China time) run on schedule unless --triggers off;
POST /__emulator/triggers/<function>/<trigger> fires one at once.

reset, export and import work on a stopped emulator's data directory.`;

type Flags = Record<string, string>;

function parseArgs(argv: string[]): { command: string; flags: Flags } {
  const flags: Flags = {};
  let command = 'start';
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') flags.help = 'true';
    else if (arg.startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      flags[arg.slice(2)] = value;
      i += 1;
    } else command = arg;
  }
  return { command, flags };
}

/** `2026-12-03 03:00:00`: the wall time the cron is written in (UTC+8). */
function chinaTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function triggersFlag(value: string | undefined): boolean {
  if (value === undefined || value === 'on') return true;
  if (value === 'off') return false;
  throw new Error('--triggers must be on or off');
}

async function main(): Promise<void> {
  const { command, flags } = parseArgs(process.argv.slice(2));
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const root = path.resolve(__dirname, '..', '..');
  const dataDir = path.resolve(flags.data ?? path.join(root, '.data'));
  const functionsDir = path.resolve(flags.functions ?? path.join(root, 'cloudfunctions'));
  const schema = loadSchema(path.join(functionsDir, 'database.json'));

  if (command === 'reset') {
    resetData(dataDir);
    console.log(`reset ${dataDir}`);
    return;
  }
  if (command === 'export' || command === 'import') {
    if (!flags.collection) throw new Error('--collection is required');
    const n =
      command === 'export'
        ? await exportCollection(dataDir, schema, flags.collection, flags.out ? fs.createWriteStream(flags.out) : process.stdout)
        : await importCollection(dataDir, schema, flags.collection, flags.in ? fs.createReadStream(flags.in) : process.stdin);
    console.error(`${command}ed ${n} documents ${command === 'export' ? 'from' : 'into'} ${flags.collection}`);
    return;
  }
  if (command !== 'start') throw new Error(`unknown command ${command}\n\n${USAGE}`);

  const port = Number(flags.port ?? 9090);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535');
  const host = flags.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== 'localhost') console.warn(openNetworkWarning(host).join('\n'));
  if ((flags['secret-id'] === undefined) !== (flags['secret-key'] === undefined)) throw new Error('--secret-id and --secret-key go together');
  const log = (line: string) => console.error(line);
  keepRunningOnUnhandledRejection(log);
  const emu = await startEmulator({
    dataDir,
    functionsDir,
    port,
    host,
    schema,
    secretId: flags['secret-id'],
    secretKey: flags['secret-key'],
    allowedOrigins: flags['allow-origin']?.split(',').filter(Boolean),
    triggers: triggersFlag(flags.triggers),
    log,
  });
  // The secretId only: the key stays in the data directory (or with whoever passed it).
  console.log(`CloudBase emulator ready: admin URL ${emu.adminUrl} env ${emu.envId} secretId ${emu.secretId} data ${emu.dataDir}`);
  const stop = () => {
    emu.stop().then(() => process.exit(0), () => process.exit(1));
  };
  for (const t of emu.triggers.list()) {
    const when = t.error ?? (t.next ? `next ${chinaTime(t.next)} China time` : 'never again');
    console.log(`timer trigger ${t.functionName}/${t.name} (${t.config}): ${flags.triggers === 'off' ? 'off, ' : ''}${when}`);
  }
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
