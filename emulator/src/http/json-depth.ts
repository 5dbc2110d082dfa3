import { invalidParam } from '../errors';

/**
 * Deepest nesting of arrays and objects any JSON the emulator accepts may have. MongoDB (and so
 * CloudBase's database) refuses documents nested deeper than 100 levels; nothing legitimate comes
 * close, while a few kilobytes of `[[[[...` overflow the stack of every recursive walker downstream
 * (structured clone into a function's worker thread, EJSON, the query engine).
 */
export const MAX_JSON_DEPTH = 100;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text nests deeper than `max`, found by one pass over the raw bytes without recursion
 * (UTF-8 continuation bytes are all >= 0x80, so they are never mistaken for brackets or quotes).
 */
export function nestsDeeperThan(text: string | Buffer, max = MAX_JSON_DEPTH): boolean {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const c = bytes[i];
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth -= 1;
  }
  return false;
}

/** JSON.parse behind the depth bound; `what` names the input in the INVALID_PARAM message. */
export function parseBoundedJson(text: string | Buffer, what: string): unknown {
  if (nestsDeeperThan(text)) throw invalidParam(`${what} nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch {
    throw invalidParam(`${what} is not valid JSON`);
  }
}
