import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { startEmulator, type Emulator, type EmulatorOptions } from '../src/emulator';
import { parseSchema, type DatabaseSchema } from '../src/database/schema';
import { signRequest } from '../src/http/tc3';
import { nestsDeeperThan } from '../src/http/json-depth';
import type { Credentials } from '../src/credentials';

// Functions and SDK calls made by the test process itself must not probe the cloud metadata host.
process.env.TENCENTCLOUD = 'true';

export function tempDir(prefix = 'dph-emu-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type TestEmulator = Emulator & { cleanup(): Promise<void> };

/** An isolated emulator on an ephemeral port with a throwaway data directory. */
export async function startTestEmulator(
  options: Omit<Partial<EmulatorOptions>, 'schema'> & { schema?: unknown } = {},
): Promise<TestEmulator> {
  const dataDir = options.dataDir ?? tempDir();
  const schema = options.schema ? parseSchema(options.schema) : { collections: [] };
  // Timer triggers only where a test asks for them: no background call lands in a test that did not expect one.
  const emu = await startEmulator({ triggers: false, ...options, dataDir, schema, port: 0 });
  return Object.assign(emu, {
    cleanup: async () => {
      await emu.stop();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** The real node-sdk, pointed at the emulator through `serviceUrl`. */
export function sdkFor(emu: Emulator) {
  return tcb.init({ ...emu.sdkConfig(), timeout: 20000 });
}

/** A schema with the given collections and no indexes. */
export function collections(...names: string[]): DatabaseSchema {
  return parseSchema({ collections: names.map((name) => ({ name })) });
}

/**
 * A raw POST to the admin endpoint, signed as node-sdk signs (unless `credentials` is null), for
 * requests the SDK itself would never send.
 */
export async function adminPost(
  emu: Emulator,
  body: string | object,
  { credentials = emu as Credentials | null, headers = {} as Record<string, string>, timestamp = undefined as number | undefined } = {},
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const target = `/admin?env=${emu.envId}`;
  let params: Record<string, unknown> = {};
  try {
    // Bodies malformed or nested too deep on purpose are refused before their signature is read.
    if (!nestsDeeperThan(text)) params = JSON.parse(text);
  } catch {
    // malformed on purpose: sign no params
  }
  const signed: Record<string, string> = { 'content-type': 'application/json', host: new URL(emu.url).host, ...headers };
  const auth = credentials ? signRequest({ method: 'POST', url: target, headers: signed, params }, credentials, timestamp) : {};
  const { host: _host, ...sent } = signed; // fetch sets Host itself, to the same value
  const res = await fetch(`${emu.url}${target}`, { method: 'POST', headers: { ...sent, ...auth }, body: text });
  return { status: res.status, body: (await res.json()) as { code?: string; message?: string; requestId?: string; data?: unknown } };
}
