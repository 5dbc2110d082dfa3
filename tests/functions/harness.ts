import path from 'node:path';
import fs from 'node:fs';
import type { Reply } from '../../src/shared/envelope';
import type { contracts, FunctionName } from '../../src/shared/contract';
import type { ActionSpec, InputOf, OutputOf } from '../../src/shared/contract/define';
import { loadSchema } from 'cloudbase-local';
import { sdkFor, startTestEmulator, type TestEmulator } from 'cloudbase-local/testing';
import { CLIENT_UPLOADS } from '../../scripts/dev/client-uploads';

const root = path.resolve(__dirname, '..', '..');
export const functionsDir = path.join(root, 'cloudfunctions');

type Contract<F extends FunctionName> = (typeof contracts)[F];
type Spec<F extends FunctionName, A extends keyof Contract<F>> = Contract<F>[A] extends ActionSpec ? Contract<F>[A] : never;

/**
 * The app's real functions on an isolated local CloudBase with the real schema. `call` invokes a
 * function as a mini-program user with that openid (the runner injects it, as CloudBase does).
 * `triggers: true` runs the config.json timer triggers on schedule (off by default: no background call).
 * `dataDir`: keep the data there (not removed on stop), so a second `startApp` on it is a restart.
 */
export async function startApp({ triggers = false, dataDir }: { triggers?: boolean; dataDir?: string } = {}) {
  for (const name of ['account', 'plaque', 'volunteer', 'maintenance', 'star', 'checkin', 'badge', 'develop', 'org', 'roster']) {
    if (!fs.existsSync(path.join(functionsDir, name, 'index.js'))) throw new Error(`cloudfunctions/${name}/index.js missing: run npm run build:functions`);
  }
  const emu: TestEmulator = await startTestEmulator({
    functionsDir,
    schema: loadSchema(path.join(functionsDir, 'database.json')),
    clientUploads: CLIENT_UPLOADS,
    triggers,
    dataDir,
  });
  const db = sdkFor(emu).database();

  async function call<F extends FunctionName, A extends keyof Contract<F> & string>(
    openid: string,
    fn: F,
    action: A,
    input: InputOf<Spec<F, A>> | Record<string, unknown> = {},
  ): Promise<Reply<OutputOf<Spec<F, A>>> & { invocationId?: string }> {
    const result = await emu.functions.invoke(fn, { action, input }, { openid });
    if (!result.ok) throw new Error(`function ${fn} failed: ${JSON.stringify(result.failure)}`);
    // Non-enumerable: assertions on the reply see exactly what the page would receive.
    return Object.defineProperty(result.result as Reply<OutputOf<Spec<F, A>>>, 'invocationId', { value: result.invocationId, enumerable: false });
  }

  /** Inserts documents as they are (test data), through the real SDK. */
  async function insert(collection: string, docs: object | object[]) {
    const list = Array.isArray(docs) ? docs : [docs];
    for (let i = 0; i < list.length; i += 500) await db.collection(collection).add(list.slice(i, i + 500));
  }

  /** Database reads and writes made by one invocation. */
  const meterOf = (invocationId: string | undefined) => (invocationId ? emu.metering.getInvocation(invocationId) : undefined);

  return { emu, db, call, insert, meterOf, stop: () => emu.cleanup() };
}

export type App = Awaited<ReturnType<typeof startApp>>;
