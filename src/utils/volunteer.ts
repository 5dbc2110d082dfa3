import type { Entry, EntryStatus } from '../shared/contract/volunteer';
import { cstDate, cstInstant, cstTime } from '../shared/domain/china-time';
import { countingOthers, type OtherEntry } from '../shared/domain/volunteer';

/** `12` or `2.5`: hours as people write them. */
export function formatHours(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** The member's other entries as the shared rules want them (the server's choice: see countingOthers); the entry being edited is left out. */
export function otherEntries(entries: Pick<Entry, 'id' | 'date' | 'start' | 'end' | 'hours' | 'approvedHours' | 'category' | 'title' | 'status'>[], editingId?: string): OtherEntry[] {
  return countingOthers(entries, editingId);
}

/** Only drafts and returned entries can be submitted; pending ones can still be corrected. */
export const canEdit = (status: EntryStatus) => status === 'draft' || status === 'returned' || status === 'pending';
export const canSubmit = (status: EntryStatus) => status === 'draft' || status === 'returned';

/** Today in China Standard Time, `YYYY-MM-DD` (the date picker's upper bound). */
export function todayCst(now: Date = new Date()): string {
  return cstDate(now);
}

/** A date `days` before today (CST), for the picker's lower bound. */
export function daysBeforeCst(days: number, now: Date = new Date()): string {
  return cstDate(new Date(now.getTime() - days * 86_400_000));
}

/** A photo's extension from its temp path or blob type; `jpg` when it cannot tell (storage takes JPEG, PNG and WebP only). */
export function photoExt(filePath: string, mimeType?: string): string {
  const fromMime = mimeType && /^image\/(png|jpe?g|webp)$/i.exec(mimeType)?.[1];
  if (fromMime) return fromMime.toLowerCase().replace('jpeg', 'jpg');
  const fromPath = /\.(png|jpe?g|webp)(?:[?#]|$)/i.exec(filePath)?.[1];
  return fromPath ? fromPath.toLowerCase().replace('jpeg', 'jpg') : 'jpg';
}

/** How long an entry has waited: `今天` / `3天`. */
export function ageLabel(days: number): string {
  const whole = Math.floor(days);
  return whole < 1 ? '今天提交' : `已等待${whole}天`;
}

/** An activity's date and time pickers (CST) as the ISO instant the contract wants; '' (which the contract refuses) when not a real date and time. */
export function cstIso(date: string, time: string): string {
  return cstInstant(date, time)?.toISOString() ?? '';
}

const HALF_HOUR_MS = 30 * 60 * 1000;

/** `HH:mm` (China time) of the current half hour (so sign-in opens at once), plus `hours`; capped at 23:30 of today. */
export function nextHalfHour(hours: number, now: Date = new Date()): string {
  const at = new Date(Math.floor(now.getTime() / HALF_HOUR_MS) * HALF_HOUR_MS + hours * 2 * HALF_HOUR_MS);
  return cstDate(at) === cstDate(now) ? cstTime(at) : '23:30';
}

/** Share 0..1 of a target, for progress bars. */
export function share(total: number, target: number): number {
  if (target <= 0) return 1;
  return Math.max(0, Math.min(1, total / target));
}

/**
 * One QR row as runs of equal modules, so a QR renders as ~20 boxes a row instead of one per module
 * (a mini-program has no canvas-free way to draw pixels, and setData of 800 nodes is slow).
 */
export function qrRuns(row: boolean[]): Array<{ dark: boolean; length: number }> {
  const runs: Array<{ dark: boolean; length: number }> = [];
  for (const dark of row) {
    const last = runs[runs.length - 1];
    if (last && last.dark === dark) last.length += 1;
    else runs.push({ dark, length: 1 });
  }
  return runs;
}

/** The activity code in a scan result: a bare 16-character code, possibly inside a link's `code=`. */
export function activityCodeIn(text: string | undefined): string | null {
  if (!text) return null;
  const fromQuery = /[?&](?:code|scene)=([^&#]+)/.exec(text)?.[1];
  let candidate = (fromQuery ?? text).trim().toUpperCase();
  try {
    candidate = decodeURIComponent(candidate);
  } catch {
    // keep as typed
  }
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(candidate) ? candidate : null;
}
