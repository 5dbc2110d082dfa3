import type { Emulator } from '../src/emulator';
import { signRequest } from '../src/http/tc3';
import { nestsDeeperThan } from '../src/http/json-depth';
import type { Credentials } from '../src/credentials';

export { tempDir, startTestEmulator, sdkFor, collections, type TestEmulator } from '../src/testing';

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
