import { presenceSpan } from '../../src/shared/domain/activity';
import { attendanceHours, parseEntryTime } from '../../src/shared/domain/volunteer';
import { errorMessages, type ErrorCode } from '../../src/shared/errors';
import type { VolunteerEntryDoc } from './docs';
import { termRule } from './terms';
import { checkOnServer, DAY_ATTEMPTS } from './entry-rules';
import { activitiesRepo, type EntryMemberDoc } from './repositories/activities';
import { entriesRepo } from './repositories/entries';
import type { DayRefusal, RepoResult } from './repositories/outcome';

export type Settled =
  | { ok: true; hours: number; notCounted: { code: ErrorCode; message: string } | null; already: boolean }
  | { ok: false; code: 'NOT_FOUND' | 'CONFLICT' };

/** What a verified presence settles into: the entry and its hours, or the day rules' refusal. */
export type Settlement = { entry: VolunteerEntryDoc; hours: number } | { refused: string };

export interface VerifiedPresence {
  memberId: string;
  /** The window that counts (an activity, a dated shift) and the member's presence in it. */
  window: { startAt: Date; endAt: Date };
  presence: { signInAt: Date; signOutAt: Date };
  /** The entry's day and times when the source fixes them (a duty shift: the day it starts); default presenceSpan. */
  span?: { date: string; start: string; end: string };
  /** The approved, verified entry for this presence (its `_id` fixed by the source, so it is written once). */
  entryOf(member: EntryMemberDoc, time: { date: string; start: string; end: string; hours: number; termKey: string }): VolunteerEntryDoc;
  /** One transaction under the member's day guard: the entry, the totals and the source's own record (see activitiesRepo.settle). */
  settle(day: { date: string; version: number }, settlement: Settlement): Promise<RepoResult<null, DayRefusal | 'ALREADY'>>;
  /** What the source recorded when it was settled already (by a retry or a racing call). */
  settledAs(): Promise<{ hours: number | null; notCounted?: string | null } | null>;
}

/**
 * Verified hours (an organised activity's presence, a completed duty shift) follow the day rules of
 * self-reported ones: the presence becomes an entry on the day (and in the term) presence began,
 * checked by the same rules against the member's counting entries, and counted under the same day
 * guard in one transaction. When the rules refuse it (the member already logged that time:
 * ENTRY_OVERLAP / ENTRY_DUPLICATE, or the day would pass 12 h: DAILY_LIMIT), the presence stands, the
 * source records why, nothing is counted twice, and the member is told so.
 */
export async function settleVerifiedPresence(p: VerifiedPresence, now: Date): Promise<Settled> {
  const hours = attendanceHours(p.window, p.presence.signInAt, p.presence.signOutAt);
  const member = await activitiesRepo.memberForEntry(p.memberId);
  if (!member) return { ok: false, code: 'NOT_FOUND' };
  const span = p.span ?? presenceSpan(p.window, p.presence.signInAt, p.presence.signOutAt);
  const time = parseEntryTime(span, { hours }, await termRule(now));
  const entry = time.ok ? p.entryOf(member, { ...span, hours, termKey: time.value.termKey }) : null;

  for (let attempt = 0; attempt < DAY_ATTEMPTS; attempt += 1) {
    const version = await entriesRepo.dayVersion(p.memberId, span.date);
    const checked = entry ? await checkOnServer(p.memberId, entry, entry._id, now, { hours }) : time;
    const settlement: Settlement = checked.ok && entry ? { entry, hours } : { refused: checked.ok ? 'INVALID_INPUT' : checked.code };
    const outcome = await p.settle({ date: span.date, version }, settlement);
    if (!outcome.ok && outcome.code === 'ALREADY') {
      const settled = await p.settledAs();
      return { ok: true, hours: settled?.hours ?? 0, notCounted: notCountedReply(settled?.notCounted), already: true };
    }
    if (outcome.ok) return 'entry' in settlement ? { ok: true, hours, notCounted: null, already: false } : { ok: true, hours: 0, notCounted: notCountedReply(settlement.refused), already: false };
  }
  return { ok: false, code: 'CONFLICT' };
}

/** The member's notice when the day rules refused the hours of a presence that stands. */
export function notCountedReply(code: string | null | undefined, lead = '签退已记录'): { code: ErrorCode; message: string } | null {
  if (!code) return null;
  const known = (code in errorMessages ? code : 'INVALID_INPUT') as ErrorCode;
  return { code: known, message: `${lead}，但本次时长未计入：${errorMessages[known]}` };
}
