import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a signed URL grants: reading a file (temp URL) or writing one (upload URL). */
export type Grant = 'get' | 'put';

export type Verdict = 'ok' | 'bad-signature' | 'expired';

/**
 * Signs URLs with a key that lives only in this process, so a temp URL cannot be guessed or forged,
 * and every URL dies with the emulator (as if CloudBase had rotated its keys). Expiry is in Unix
 * seconds, like the `t` parameter of CloudBase's own temp URLs.
 */
export class UrlSigner {
  private readonly key = randomBytes(32);

  sign(grant: Grant, cloudPath: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${grant}\n${expires}\n${cloudPath}`).digest('base64url');
  }

  verify(grant: Grant, cloudPath: string, expires: unknown, signature: unknown, nowSeconds: number): Verdict {
    const t = typeof expires === 'string' && /^\d{1,12}$/.test(expires) ? Number(expires) : NaN;
    if (!Number.isSafeInteger(t) || typeof signature !== 'string') return 'bad-signature';
    const expected = Buffer.from(this.sign(grant, cloudPath, t));
    const given = Buffer.from(signature);
    // Checked before expiry so a forged URL never learns whether its expiry would have passed.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
    return nowSeconds > t ? 'expired' : 'ok';
  }
}
