/**
 * CloudBase's timer-trigger cron: seven fields, `second minute hour day-of-month month day-of-week year`,
 * each a number, `*`, a list `a,b`, a range `a-b` or a step `*\/n`, `a/n`, `a-b/n` (the WeChat cloud
 * development and CloudBase CLI docs, "定时触发器 / Cron 表达式"). Months take JAN-DEC, days of the week
 * 0-6 (0 is Sunday) or SUN-SAT. When both day fields are given a day matching either fires ("或"关系).
 * Times are China time (UTC+8, no daylight saving), as CloudBase runs its timers. SCF's extra `L`, `W`
 * and `#` are not in CloudBase's docs and are refused; `?` (SCF: "not specified") is read as `*` in the
 * two day fields.
 */
/**
 * CloudBase reads timer triggers in China time (UTC+8). The emulator stands in for CloudBase and
 * imports nothing of the projects it runs (it is the platform, not part of them): the offset is its own.
 */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

export class CronError extends Error {}

export interface CronSchedule {
  source: string;
  seconds: Set<number>;
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  years: Set<number>;
  /** Whether each day field restricts (is not `*` or `?`): with both, either one matching is enough. */
  dayOfMonthGiven: boolean;
  dayOfWeekGiven: boolean;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELDS: FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: WEEKDAYS },
  { name: 'year', min: 1970, max: 2099 },
];
const DAY_OF_MONTH = 3;
const DAY_OF_WEEK = 5;

function value(text: string, spec: FieldSpec, fail: (why: string) => never): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  // Names count from the field's minimum: JAN is 1, SUN is 0.
  if (named >= 0) return spec.min + named;
  if (!/^\d+$/.test(text)) fail(`"${text}" is not a number${spec.names ? ` or one of ${spec.names.join(',')}` : ''}`);
  const n = Number(text);
  if (n < spec.min || n > spec.max) fail(`${n} is outside ${spec.min}-${spec.max}`);
  return n;
}

function parseField(text: string, spec: FieldSpec, fail: (why: string) => never): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const [base, stepText, extra] = item.split('/');
    if (extra !== undefined || base === '') fail(`"${item}" is not a value, range or step`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) fail(`step "${stepText}" in "${item}" must be a whole number from 1`);
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (base === '*') [from, to] = [spec.min, spec.max];
    else if (base.includes('-')) {
      const [a, b, more] = base.split('-');
      if (more !== undefined) fail(`"${item}" is not a range`);
      [from, to] = [value(a, spec, fail), value(b, spec, fail)];
      if (from > to) fail(`range "${base}" runs backwards`);
    } else {
      from = value(base, spec, fail);
      // `a/n` runs from a to the field's end; a plain value is just itself.
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

export function parseCron(source: string): CronSchedule {
  const parts = source.trim().split(/\s+/);
  if (parts.length !== 7) {
    throw new CronError(`cron "${source}": needs 7 fields (second minute hour day-of-month month day-of-week year), got ${parts.length}`);
  }
  const sets = parts.map((text, i) => {
    const spec = FIELDS[i];
    const fail = (why: string): never => {
      throw new CronError(`cron "${source}": ${spec.name} field "${text}": ${why}`);
    };
    const isDay = i === DAY_OF_MONTH || i === DAY_OF_WEEK;
    if (isDay && text === '?') return parseField('*', spec, fail);
    return parseField(text, spec, fail);
  });
  const given = (i: number) => parts[i] !== '*' && parts[i] !== '?';
  return {
    source,
    seconds: sets[0],
    minutes: sets[1],
    hours: sets[2],
    daysOfMonth: sets[3],
    months: sets[4],
    daysOfWeek: sets[5],
    years: sets[6],
    dayOfMonthGiven: given(DAY_OF_MONTH),
    dayOfWeekGiven: given(DAY_OF_WEEK),
  };
}

function dayMatches(s: CronSchedule, dayOfMonth: number, dayOfWeek: number): boolean {
  const dom = s.daysOfMonth.has(dayOfMonth);
  const dow = s.daysOfWeek.has(dayOfWeek);
  if (s.dayOfMonthGiven && s.dayOfWeekGiven) return dom || dow;
  return dom && dow;
}

/** Enough for any schedule that fires at all before 2100 (the worst, a 29 February on a given weekday, needs a few thousand steps). */
const MAX_STEPS = 200_000;

/**
 * The first instant strictly after `after` (whole seconds) that the schedule fires, or undefined when
 * it never fires again (past its last year, or a date that never comes, such as 30 February).
 */
export function nextFireTime(s: CronSchedule, after: Date): Date | undefined {
  let t = Math.floor(after.getTime() / 1000) * 1000 + 1000;
  // China wall time, read with the UTC getters; each miss jumps to the start of the next candidate unit.
  const back = (wall: number) => wall - CHINA_OFFSET_MS;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const d = new Date(t + CHINA_OFFSET_MS);
    const [y, mo, day, h, mi, sec] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
    if (y > 2099) return undefined;
    if (!s.years.has(y)) t = back(Date.UTC(y + 1, 0, 1));
    else if (!s.months.has(mo + 1)) t = back(Date.UTC(y, mo + 1, 1));
    else if (!dayMatches(s, day, d.getUTCDay())) t = back(Date.UTC(y, mo, day + 1));
    else if (!s.hours.has(h)) t = back(Date.UTC(y, mo, day, h + 1));
    else if (!s.minutes.has(mi)) t = back(Date.UTC(y, mo, day, h, mi + 1));
    else if (!s.seconds.has(sec)) t += 1000;
    else return new Date(t);
  }
  return undefined;
}
