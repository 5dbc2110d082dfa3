/**
 * Rules of the organisation admin that the page and the function both apply: room numbers and the
 * ranges a floor's rooms are added by (301-330).
 */

export const ROOM_NUMBER_PATTERN = /^[A-Za-z]{0,3}[0-9]{1,6}$/;
/** Rooms one call may add: a floor's worth. */
export const MAX_ROOMS_PER_ADD = 60;

export type RoomRangeResult = { ok: true; numbers: string[] } | { ok: false; message: string };

/**
 * The room numbers from `from` to `to` inclusive (`to` absent: the one room). Both are an optional
 * letter prefix and digits; a range keeps the prefix and the number of digits (A0301-A0330).
 */
export function roomNumbersOf(from: string, to?: string): RoomRangeResult {
  const a = /^([A-Za-z]{0,3})([0-9]{1,6})$/.exec(from.trim());
  if (!a) return { ok: false, message: `房间号“${from}”格式不对：可带字母前缀，后接数字，如 301 或 A301` };
  if (to === undefined || to.trim() === '' || to.trim() === from.trim()) return { ok: true, numbers: [from.trim()] };
  const b = /^([A-Za-z]{0,3})([0-9]{1,6})$/.exec(to.trim());
  if (!b) return { ok: false, message: `房间号“${to}”格式不对：可带字母前缀，后接数字，如 330 或 A330` };
  if (a[1] !== b[1] || a[2].length !== b[2].length) return { ok: false, message: '起止房间号的前缀和位数需一致，如 301-330' };
  const start = Number(a[2]);
  const end = Number(b[2]);
  if (end < start) return { ok: false, message: '结束房间号不能小于开始房间号' };
  if (end - start + 1 > MAX_ROOMS_PER_ADD) return { ok: false, message: `一次最多添加${MAX_ROOMS_PER_ADD}间房` };
  const numbers: string[] = [];
  for (let n = start; n <= end; n += 1) numbers.push(`${a[1]}${String(n).padStart(a[2].length, '0')}`);
  return { ok: true, numbers };
}
