/**
 * A plaque code is what the door's QR carries (the mini-program code's `scene`, at most 32
 * characters). 16 Crockford base32 characters hold 80 random bits: not guessable, not sequential,
 * and free of the look-alike letters I, L, O, U so a code read aloud or typed survives.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PLAQUE_CODE_LENGTH = 16;
export const PLAQUE_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{16}$/;

/** Encodes random bytes (one character per 5 bits); the caller supplies the randomness. */
export function encodeCode(bytes: Uint8Array, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += CODE_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (out.length < length) throw new Error(`need ${Math.ceil((length * 5) / 8)} random bytes for a ${length}-character code`);
  return out;
}

export function plaqueCodeFrom(random: Uint8Array): string {
  return encodeCode(random, PLAQUE_CODE_LENGTH);
}

export const INVITE_CODE_LENGTH = 10;
export const INVITE_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{10}$/;
export function inviteCodeFrom(random: Uint8Array): string {
  return encodeCode(random, INVITE_CODE_LENGTH);
}

/**
 * What a person typed as an invite code, as the code would be stored: upper case, without spaces or
 * dashes, look-alike letters read as Crockford base32 does (O as 0, I and L as 1). Whether it then
 * is a code at all is the server's answer (INVITE_INVALID), never a complaint about its length.
 */
export function normalizeInviteCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** The page a plaque's QR opens, and the plaque's h5 URL (the same page and scene in the browser build). */
export const PLAQUE_PAGE = 'pages/plaque/index';
export function plaqueH5Url(origin: string, code: string): string {
  return `${origin}/#/${PLAQUE_PAGE}?scene=${encodeURIComponent(code)}`;
}
