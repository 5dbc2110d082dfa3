import fs from 'node:fs';
import path from 'node:path';
import { startEmulator } from './emulator';
import { loadSchema } from './database/schema';
import { exportCollection, importCollection, resetData } from './data-tools';
import { CREDENTIALS_FILE } from './credentials';
import { keepRunningOnUnhandledRejection } from './process-guard';
import { openNetworkWarning } from './open-network';
import { CHINA_OFFSET_MS } from './functions/cron';
import type { ClientUploadRule } from './storage/uploads';

const USAGE = `cloudbase-local: a local Tencent CloudBase

  cloudbase-local [start] [--functions ./cloudfunctions] [--schema <functions>/database.json]
                  [--port 9090] [--data-dir .data] [--host 127.0.0.1] [--env local-dev]
                  [--storage-rules <functions>/storage.rules.json] [--client-uploads FILE]
                  [--secret-id AKID... --secret-key KEY] [--allow-origin http://localhost:10086,...]
                  [--triggers off]
  cloudbase-local reset  [--data-dir .data]
  cloudbase-local export --collection NAME [--data-dir .data] [--out FILE]     (JSON lines; stdout by default)
  cloudbase-local import --collection NAME [--data-dir .data] [--in FILE]      (JSON lines; stdin by default)

Paths are relative to the working directory. --functions holds one folder per function
(<name>/index.js, optional config.json), as CloudBase deploys them; --schema declares collections and
indexes ({"collections": [{"name", "indexes": [{"name", "keys": [{"field", "direction"}], "unique"}]}]});
--storage-rules is CloudBase's storage security rules JSON ({"read", "write"}; without it every client
storage request is denied); --client-uploads a JSON list of {"path", "types"} the client upload
endpoint checks uploads against by content (without it, anything the storage rules allow).
--port 0 picks a free port (the ready line names it).

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

function readJsonFile(flag: string, file: string): unknown {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new Error(`${flag}: no file ${full}`);
  try {
    return JSON.parse(fs.readFileSync(full, 'utf8'));
  } catch (err) {
    throw new Error(`${flag}: ${full} is not JSON: ${err instanceof Error ? err.message : err}`);
  }
}

async function main(): Promise<void> {
  const { command, flags } = parseArgs(process.argv.slice(2));
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = path.resolve(flags['data-dir'] ?? flags.data ?? '.data');
  const functionsDir = path.resolve(flags.functions ?? 'cloudfunctions');
  const schemaFile = path.resolve(flags.schema ?? path.join(functionsDir, 'database.json'));
  if (flags.schema !== undefined && !fs.existsSync(schemaFile)) throw new Error(`--schema: no file ${schemaFile}`);
  const schema = loadSchema(schemaFile);

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
    envId: flags.env,
    storageRules: flags['storage-rules'] === undefined ? undefined : readJsonFile('--storage-rules', flags['storage-rules']),
    clientUploads: flags['client-uploads'] === undefined ? undefined : (readJsonFile('--client-uploads', flags['client-uploads']) as ClientUploadRule[]),
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
