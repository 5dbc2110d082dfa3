import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer, type AdminAction, type Route } from './http/server';
import { ClientSessions } from './http/client-sessions';
import { Metering } from './metering';
import { DatabaseService } from './database';
import { loadSchema, type DatabaseSchema } from './database/schema';
import { FunctionRunner } from './functions';
import { StorageService, loadRules, compileRules } from './storage';
import { acquireDataLock } from './data-lock';
import { WxOpenApi, type WxOptions } from './wxapi';
import { uploadPolicy, type ClientUploadRule } from './storage/uploads';
import { EmulatorClock } from './clock';
import { TimerTriggers } from './functions/triggers';
import { dataDirCredentials, type Credentials } from './credentials';
import { originPolicy, type OriginPolicy } from './http/origin-guard';

export interface EmulatorOptions {
  /** Directory for the database file and stored files. Created if missing. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Loopback unless the caller asks otherwise (the CLI warns when it does). */
  host?: string;
  /** Where `<name>/index.js` cloud functions live; defaults to `./cloudfunctions` of the working directory. */
  functionsDir?: string;
  /** Collections and indexes; defaults to `<functionsDir>/database.json`. */
  schema?: DatabaseSchema;
  envId?: string;
  /**
   * The key pair the SDK must sign with (both or neither). When not given, the data directory's own
   * pair is used: generated at random on first start and kept in `<dataDir>/credentials.json` (0600).
   */
  secretId?: string;
  secretKey?: string;
  /**
   * Browser origins besides the emulator's own address that may call it (e.g. the h5 dev server,
   * `http://localhost:10086`). Requests with any other Origin, or a Host that is not the listen
   * address, are refused.
   */
  allowedOrigins?: string[];
  /** Largest SDK request body, bytes. */
  bodyLimit?: number;
  /** Transaction life, ms (CloudBase: 30 s); tests shorten it. */
  transactionLifeMs?: number;
  log?: (line: string) => void;
  /** Storage security rules (`{read, write}`); defaults to `<functionsDir>/storage.rules.json`, and without one every client storage request is denied, as in CloudBase. */
  storageRules?: unknown;
  /**
   * What the client upload endpoint takes, by path and content (storage/uploads.ts). Without it any
   * file the storage rules allow is taken, as CloudBase's client upload does.
   */
  clientUploads?: ClientUploadRule[];
  /** The WeChat open API stand-ins: `riskyWords` for msgSecCheck. */
  wx?: WxOptions;
  /** More HTTP routes on the same server (the local demo's static app and dev pages), tried after the emulator's own. */
  extraRoutes?: Route[];
  /** Start the functions' clock at this time instead of real time (it runs on from there). */
  now?: Date;
  /**
   * Run the functions' timer triggers (config.json `triggers`) on schedule against the functions'
   * clock, as CloudBase does. Default true; `startTestEmulator` turns it off unless a test asks, so no
   * background call lands in a test that did not expect one. `emu.triggers.fire()` works either way.
   */
  triggers?: boolean;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** What the SDK's `serviceUrl` (or TCB_CONTEXT_CNFG.URL) must be. */
  adminUrl: string;
  port: number;
  envId: string;
  secretId: string;
  secretKey: string;
  dataDir: string;
  metering: Metering;
  database: DatabaseService;
  functions: FunctionRunner;
  storage: StorageService;
  /** WeChat open APIs (local stand-ins) and the calls made to them. */
  wx: WxOpenApi;
  sessions: ClientSessions;
  /** The time functions see: `clock.set(at)`, `clock.advance(ms)`, `clock.reset()`. */
  clock: EmulatorClock;
  /** The timer triggers: `list()` with each one's next instant, `fire(functionName, triggerName)` now. */
  triggers: TimerTriggers;
  /** `tcb.init(...)` options that point an unmodified node-sdk here. */
  sdkConfig(): { env: string; secretId: string; secretKey: string; serviceUrl: string };
  /** Environment that points an unmodified SDK (node-sdk or wx-server-sdk) here without code changes. */
  sdkEnv(): Record<string, string>;
  stop(): Promise<void>;
}

export const DEFAULT_BODY_LIMIT = 6 * 1024 * 1024;

function givenCredentials({ secretId, secretKey }: EmulatorOptions): Credentials | undefined {
  if (secretId === undefined && secretKey === undefined) return undefined;
  if (!secretId || !secretKey) throw new Error('secretId and secretKey go together: give both (non-empty) or neither');
  return { secretId, secretKey };
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const functionsDir = path.resolve(options.functionsDir ?? 'cloudfunctions');
  const schema = options.schema ?? loadSchema(path.join(functionsDir, 'database.json'));
  const rulesFile = path.join(functionsDir, 'storage.rules.json');
  const uploads = uploadPolicy(options.clientUploads);
  const storageRules = options.storageRules !== undefined ? compileRules(options.storageRules) : loadRules(rulesFile);
  // Kept as given, so the deploy's local target can compare it with the repository's file.
  const storageRulesSource: unknown = options.storageRules ?? (fs.existsSync(rulesFile) ? JSON.parse(fs.readFileSync(rulesFile, 'utf8')) : undefined);
  // Taken once the configuration has loaded, so a malformed file leaves no lock behind.
  const releaseLock = acquireDataLock(dataDir);
  const envId = options.envId ?? 'local-dev';
  let credentials: Credentials;
  try {
    credentials = givenCredentials(options) ?? dataDirCredentials(dataDir);
  } catch (err) {
    releaseLock();
    throw err;
  }
  const { secretId, secretKey } = credentials;
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);

  const metering = new Metering();
  const sessions = new ClientSessions();
  const database = new DatabaseService({
    file: path.join(dataDir, 'database.sqlite'),
    schema,
    metering,
    transactionLifeMs: options.transactionLifeMs,
  });

  let url = '';
  const baseUrl = () => url;
  const storage = new StorageService({ dir: path.join(dataDir, 'storage'), envId, baseUrl, sessions, rules: storageRules, uploads });
  storage.rulesSource = storageRulesSource;
  const clock = new EmulatorClock();
  if (options.now) clock.set(options.now);
  const functions = new FunctionRunner({
    clock,
    functionsDir,
    envId,
    secretId,
    secretKey,
    adminUrl: () => `${url}/admin`,
    metering,
    sessions,
    log,
  });

  const triggers = new TimerTriggers({
    functionsDir,
    clock,
    invoke: (name, event) => functions.invoke(name, event),
    log,
  });

  const wx = new WxOpenApi(options.wx);
  const actions = new Map<string, AdminAction>([
    ...database.actions(),
    ...wx.actions(),
    ...storage.actions(),
    ...functions.actions(),
  ]);
  const routes: Route[] = [...functions.routes(), ...triggers.routes(), ...storage.routes(), ...database.routes(), ...(options.extraRoutes ?? [])];
  let policy: OriginPolicy = { hosts: new Set(), origins: new Set() };
  const server = createServer({
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    credentials,
    originPolicy: () => policy,
    actions,
    routes,
    invocationOf: (token) => functions.invocationOf(token),
    log,
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (err) {
    // A taken port must not leave the database open and the data directory locked.
    await functions.close();
    database.close();
    releaseLock();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  policy = originPolicy(host, port, options.allowedOrigins);
  url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  if (options.triggers ?? true) triggers.start();

  const emulator: Emulator = {
    url,
    adminUrl: `${url}/admin`,
    port,
    envId,
    secretId,
    secretKey,
    dataDir,
    metering,
    database,
    functions,
    storage,
    wx,
    sessions,
    clock,
    triggers,
    sdkConfig: () => ({ env: envId, secretId, secretKey, serviceUrl: `${url}/admin` }),
    sdkEnv: () => ({
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url}/admin` }),
      TENCENTCLOUD_SECRETID: secretId,
      TENCENTCLOUD_SECRETKEY: secretKey,
      TCB_ENV: envId,
      SCF_NAMESPACE: envId,
      TENCENTCLOUD: 'true',
    }),
    stop: async () => {
      // No new timer calls; the runner's close ends those under way, then they are waited for.
      const triggersStopped = triggers.stop();
      await functions.close();
      await triggersStopped;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      database.close();
      releaseLock();
    },
  };
  return emulator;
}
