import { createHash } from 'node:crypto';

/**
 * Cursor paging over a (time, _id) sort: the cursor names the last item of a page, so the next page
 * starts strictly after it. Ties on the time are broken by `_id`: no duplicates, no gaps.
 */
export interface PageCursor {
  at: Date;
  id: string;
}

export function encodeCursor(at: Date | null, id: string): string {
  return `${at ? at.getTime() : 0}_${id}`;
}

/** Null for anything this server did not hand out (a clear INVALID_INPUT, never a crash). */
export function decodeCursor(cursor: string): PageCursor | null {
  const match = /^(\d{1,15})_([A-Za-z0-9_:-]{1,140})$/.exec(cursor);
  if (!match) return null;
  const at = new Date(Number(match[1]));
  return Number.isFinite(at.getTime()) ? { at, id: match[2] } : null;
}

/**
 * Cursor paging over a (text key, [time,] _id) sort, e.g. buildings by `sortKey`, users by name then
 * newest: the key travels as base64url of its UTF-8, so any name fits the cursor's alphabet.
 */
export interface KeyCursor {
  key: string;
  id: string;
  at?: Date;
}

export function encodeKeyCursor(key: string, id: string, at?: Date | null): string {
  const time = at === undefined ? '' : `${at ? at.getTime() : 0}.`;
  return `${Buffer.from(key, 'utf8').toString('base64url')}.${time}${id}`;
}

export function decodeKeyCursor(cursor: string): KeyCursor | null {
  const match = /^([A-Za-z0-9_-]{1,160})\.(?:(\d{1,15})\.)?([A-Za-z0-9_:-]{1,140})$/.exec(cursor);
  if (!match) return null;
  const key = Buffer.from(match[1], 'base64url').toString('utf8');
  const at = match[2] === undefined ? undefined : new Date(Number(match[2]));
  // A key that does not survive the round trip was not written by encodeKeyCursor.
  return encodeKeyCursor(key, match[3], at) === cursor ? { key, id: match[3], ...(at ? { at } : {}) } : null;
}

/** The last room of a page of rooms by (floor, number, _id): its (floor, number) travels as a key cursor. */
export interface RoomCursor {
  floor: number;
  number: string;
  id: string;
}

export function encodeRoomCursor(room: { floor: number; number: string; _id: string }): string {
  return encodeKeyCursor(`${room.floor}|${room.number}`, room._id);
}

/** Null for anything `encodeRoomCursor` did not write. */
export function decodeRoomCursor(cursor: string): RoomCursor | null {
  const decoded = decodeKeyCursor(cursor);
  if (!decoded) return null;
  const match = /^(-?\d{1,4})\|(.{1,40})$/s.exec(decoded.key);
  return match ? { floor: Number(match[1]), number: match[2], id: decoded.id } : null;
}

/**
 * A cursor that carries a small state (an export's filters and where its last part ended): base64url
 * of its JSON and a checksum of it, so an edited or truncated cursor is refused, never half-read.
 * It carries nothing the caller may not see, and scope is taken again from the caller at every call.
 */
export function encodeStateCursor(state: object): string {
  const body = Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
  return `${body}.${checksumOf(body)}`;
}

/** The state a cursor from encodeStateCursor carries, or null for anything else (the caller checks its shape). */
export function decodeStateCursor(cursor: string): unknown {
  const match = /^([A-Za-z0-9_-]{1,2000})\.([a-f0-9]{16})$/.exec(cursor);
  if (!match || checksumOf(match[1]) !== match[2]) return null;
  try {
    return JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

const checksumOf = (body: string) => createHash('sha256').update(`export-cursor:${body}`).digest('hex').slice(0, 16);
