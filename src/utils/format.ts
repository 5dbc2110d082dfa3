const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-09-01 08:00` in the phone's time zone; the server sends ISO instants. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDate(iso: string | null | undefined): string {
  return formatDateTime(iso).slice(0, 10);
}

/**
 * China time (UTC+8, no daylight saving) whatever the phone's zone: `2026-09-01 08:00`, or the date
 * alone. Members, counselors and the rules all live on Beijing time.
 */
export function formatCst(iso: string | null | undefined, part: 'datetime' | 'date' = 'datetime'): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  const s = new Date(t + 8 * 3_600_000).toISOString();
  return part === 'date' ? s.slice(0, 10) : `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}
