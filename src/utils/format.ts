import { cstTime } from '../shared/domain/activity';
import { cstDate } from '../shared/domain/volunteer';

/**
 * Every date and time the app shows is China Standard Time, whatever the phone's time zone: an
 * activity at 03:00 in Beijing reads 03:00 on a phone set to Los Angeles too. This is the one
 * formatter; it is built on the shared China-time helpers, never on the phone's local clock.
 */
export type CstPattern = 'YYYY-MM-DD HH:mm' | 'YYYY-MM-DD' | 'HH:mm' | 'MM-DD HH:mm';

export function formatCst(at: Date | string | number | null | undefined, pattern: CstPattern = 'YYYY-MM-DD HH:mm'): string {
  if (at === null || at === undefined || at === '') return '';
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  const date = cstDate(d);
  const time = cstTime(d);
  switch (pattern) {
    case 'YYYY-MM-DD':
      return date;
    case 'HH:mm':
      return time;
    case 'MM-DD HH:mm':
      return `${date.slice(5)} ${time}`;
    default:
      return `${date} ${time}`;
  }
}

/** `2026-09-01 08:00`, China time; the server sends ISO instants. */
export function formatDateTime(iso: string | null | undefined): string {
  return formatCst(iso, 'YYYY-MM-DD HH:mm');
}

/** `2026-09-01`, China time. */
export function formatDate(iso: string | null | undefined): string {
  return formatCst(iso, 'YYYY-MM-DD');
}

