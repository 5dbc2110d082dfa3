import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The key pair the SDK signs its requests with (TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY). */
export interface Credentials {
  secretId: string;
  secretKey: string;
}

/** Kept in the data directory, readable only by its owner, so the same directory keeps its key. */
export const CREDENTIALS_FILE = 'credentials.json';

const isCredentials = (v: unknown): v is Credentials => {
  const c = v as Partial<Credentials> | null;
  return !!c && typeof c.secretId === 'string' && c.secretId !== '' && typeof c.secretKey === 'string' && c.secretKey !== '';
};

/** A pair shaped like Tencent Cloud's (`AKID` + 32 characters, 32-character key), from the OS's random source. */
export function generateCredentials(): Credentials {
  return { secretId: `AKID${randomBytes(16).toString('hex')}`, secretKey: randomBytes(24).toString('base64url') };
}

/** The data directory's key pair, or undefined when it has none yet. */
export function readCredentials(dataDir: string): Credentials | undefined {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  if (!fs.existsSync(file)) return undefined;
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!isCredentials(parsed)) throw new Error(`${file} does not hold {secretId, secretKey}: delete it to generate a new pair`);
  return { secretId: parsed.secretId, secretKey: parsed.secretKey };
}

/** The data directory's key pair, generated and stored (mode 0600) on first use. */
export function dataDirCredentials(dataDir: string): Credentials {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  const existing = readCredentials(dataDir);
  if (existing) {
    // A copy restored from elsewhere may have lost its mode.
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    return existing;
  }
  const fresh = generateCredentials();
  fs.writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return fresh;
}
