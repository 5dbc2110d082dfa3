import { z } from 'zod';
import { Id } from '../model';
import { action, type FunctionContract } from './define';
import { Empty, Ok, PageInput, PlaqueCode, Timestamp } from './common';
import { isCalendarDate, isClockTime } from '../domain/china-time';
import { isTermKey } from '../domain/term';
import type { EntryRuleError } from '../domain/volunteer';
import { ErrorCode } from '../errors';

/** What the day rules can refuse an entry with (checkEntry), all of them: the check below fails the build if one is missing. */
const ENTRY_RULE_ERRORS = ['ENTRY_TIME_INVALID', 'ENTRY_IN_FUTURE', 'ENTRY_TOO_LATE', 'DAILY_LIMIT', 'ENTRY_OVERLAP', 'ENTRY_DUPLICATE'] as const satisfies readonly EntryRuleError[];
const entryRuleErrorsComplete: Exclude<EntryRuleError, 'INVALID_INPUT' | (typeof ENTRY_RULE_ERRORS)[number]> extends never ? true : false = true;
void entryRuleErrorsComplete;

/** Categories of volunteer service (志愿服务类别). */
export const VolunteerCategory = z.enum(['peerTutoring', 'dormSafety', 'hygiene', 'repair', 'theoryOutreach', 'communityEvent', 'other']);
export type VolunteerCategory = z.infer<typeof VolunteerCategory>;
export const categoryLabels: Record<VolunteerCategory, string> = {
  peerTutoring: '朋辈辅导/学业帮扶',
  dormSafety: '宿舍安全',
  hygiene: '环境卫生',
  repair: '维修服务',
  theoryOutreach: '理论宣讲',
  communityEvent: '社区活动',
  other: '其他',
};

/** draft -> pending -> approved | rejected | returned (-> pending again); pending -> withdrawn. */
export const EntryStatus = z.enum(['draft', 'pending', 'approved', 'rejected', 'returned', 'withdrawn']);
export type EntryStatus = z.infer<typeof EntryStatus>;
export const entryStatusLabels: Record<EntryStatus, string> = {
  draft: '草稿',
  pending: '待审核',
  approved: '已通过',
  rejected: '已驳回',
  returned: '退回修改',
  withdrawn: '已撤回',
};

/** A real calendar date and a real time of day (China time): 2026-11-31, 24:00 and 23:60 are refused. */
const DateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD').refine(isCalendarDate, '日期不存在');
const TimeString = z.string().refine(isClockTime, '时间格式为 HH:mm（00:00-23:59）');
/** What is stored may predate the checks above: replies only require the shape, so a list never fails. */
const StoredDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const StoredTime = z.string().regex(/^\d{2}:\d{2}$/);
const FileId = z.string().max(300).regex(/^cloud:\/\//);

export const EntryInput = z
  .object({
    title: z.string().trim().min(2).max(50),
    category: VolunteerCategory,
    date: DateString,
    start: TimeString,
    end: TimeString,
    place: z.string().trim().min(1).max(50),
    description: z.string().trim().max(500).default(''),
    photoFileIds: z.array(FileId).max(3).default([]),
    witnessName: z.string().trim().max(20).optional(),
    witnessContact: z.string().trim().max(30).optional(),
  })
  .strict();
export type EntryInput = z.infer<typeof EntryInput>;

export const Entry = z
  .object({
    id: Id,
    title: z.string(),
    category: VolunteerCategory,
    date: StoredDate,
    start: StoredTime,
    end: StoredTime,
    hours: z.number(),
    place: z.string(),
    description: z.string(),
    photoUrls: z.array(z.string()),
    photoFileIds: z.array(z.string()),
    witnessName: z.string().nullable(),
    witnessContact: z.string().nullable(),
    status: EntryStatus,
    approvedHours: z.number().nullable(),
    reviewComment: z.string().nullable(),
    reviewedAt: Timestamp.nullable(),
    submittedAt: Timestamp.nullable(),
    /** Verified hours come from an organised activity's sign-in and sign-out, not from the member. */
    verified: z.boolean(),
  })
  .strict();
export type Entry = z.infer<typeof Entry>;

export const PendingEntry = Entry.extend({ memberId: Id, memberName: z.string(), branchName: z.string().nullable(), ageDays: z.number() }).strict();
export type PendingEntry = z.infer<typeof PendingEntry>;

const Totals = z.object({ verified: z.number(), selfReported: z.number(), total: z.number() }).strict();

export { PageInput, PAGE_LIMIT_DEFAULT } from './common';
/** The dashboard lists at most this many overdue conversions (most overdue first) and says when there are more. */
export const OVERDUE_SHOWN = 200;

export const ActivitySummary = z
  .object({
    id: Id,
    title: z.string(),
    category: VolunteerCategory,
    place: z.string(),
    buildingId: Id,
    startAt: Timestamp,
    endAt: Timestamp,
    createdAt: Timestamp,
  })
  .strict();
export type ActivitySummary = z.infer<typeof ActivitySummary>;

export const Attendee = z
  .object({
    memberId: Id,
    name: z.string(),
    branchName: z.string().nullable(),
    signInAt: Timestamp.nullable(),
    signOutAt: Timestamp.nullable(),
    /** Verified hours earned; null while signed in, 0 below the presence share. */
    hours: z.number().nullable(),
  })
  .strict();
export type Attendee = z.infer<typeof Attendee>;

export const volunteerContract = {
  saveDraft: action({
    summary: 'create or change a draft entry (or a pending/returned one: it stays in its state)',
    roles: ['member'],
    errors: ['NOT_FOUND', 'INVALID_STATE', ...ENTRY_RULE_ERRORS],
    input: EntryInput.extend({ id: Id.optional() }).strict(),
    output: z.object({ entry: Entry }).strict(),
  }),
  submit: action({
    summary: 'submit a draft or returned entry for review; `subscribe` says the member granted one notification',
    roles: ['member'],
    errors: ['NOT_FOUND', 'INVALID_STATE', ...ENTRY_RULE_ERRORS],
    input: z.object({ id: Id, subscribe: z.boolean().default(false) }).strict(),
    output: z.object({ entry: Entry }).strict(),
  }),
  withdraw: action({
    summary: 'withdraw a pending entry',
    roles: ['member'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ id: Id }).strict(),
    output: z.object({ entry: Entry }).strict(),
  }),
  myEntries: action({
    summary: "the caller's entries, latest service date first, cursor-paged; with a date, that day's only (the entries the day rules count, for the log form)",
    roles: ['member'],
    errors: ['NOT_FOUND'],
    input: z.object({ status: EntryStatus.optional(), date: DateString.optional(), ...PageInput }).strict(),
    output: z.object({ items: z.array(Entry), nextCursor: z.string().nullable() }).strict(),
  }),
  myEntry: action({
    summary: "one of the caller's own entries by id, of any age (the log form opens it for editing); another member's is NOT_FOUND",
    roles: ['member'],
    errors: ['NOT_FOUND'],
    input: z.object({ id: Id }).strict(),
    output: z.object({ entry: Entry }).strict(),
  }),
  myProgress: action({
    summary: 'approved hours this term and overall, and progress to the 50-hour rule for probationary members',
    roles: ['member'],
    errors: ['NOT_FOUND'],
    input: Empty,
    output: z
      .object({
        term: z.object({ key: z.string(), label: z.string() }).strict(),
        thisTerm: Totals,
        overall: Totals,
        probation: z
          .object({
            target: z.number(), total: z.number(), remaining: z.number(), dueAt: Timestamp, expectedByNow: z.number(), behindPace: z.boolean(),
            /** China calendar days past the conversion date (0: not yet due). */
            overdueDays: z.number().int(),
          })
          .strict()
          .nullable(),
      })
      .strict(),
  }),
  pendingEntries: action({
    summary: 'entries waiting for review in the counselor scope, oldest submission first, cursor-paged (the caller\'s own entries are left out, so a page may be short)',
    roles: ['counselor'],
    errors: [],
    input: z.object({ buildingId: Id.optional(), ...PageInput }).strict(),
    output: z.object({ items: z.array(PendingEntry), nextCursor: z.string().nullable() }).strict(),
  }),
  review: action({
    summary: 'approve (possibly fewer hours, with a comment), reject with a reason, or return for changes',
    roles: ['counselor'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z
      .object({
        id: Id,
        decision: z.enum(['approve', 'reject', 'return']),
        approvedHours: z.number().min(0).max(12).optional(),
        comment: z.string().trim().max(200).optional(),
      })
      .strict(),
    output: z.object({ entry: Entry }).strict(),
  }),
  bulkApprove: action({
    summary: 'approve a selection of pending entries in one call (each as claimed)',
    roles: ['counselor'],
    errors: [],
    input: z.object({ ids: z.array(Id).min(1).max(50) }).strict(),
    output: z.object({ approved: z.array(Id), skipped: z.array(z.object({ id: Id, code: z.string() }).strict()) }).strict(),
  }),
  dashboard: action({
    summary: 'backlog, hours this term by branch, probationary members past their conversion date (in scope); behind pace: see behindPace',
    roles: ['counselor', 'admin'],
    errors: [],
    input: Empty,
    output: z
      .object({
        backlog: z.number().int(),
        oldestPendingDays: z.number().nullable(),
        branches: z.array(z.object({ branchId: z.string(), branchName: z.string(), hours: z.number() }).strict()),
        /** Probationary members whose conversion date has passed, most overdue first, whatever their hours (the first OVERDUE_SHOWN). */
        overdue: z.array(z.object({ memberId: Id, name: z.string(), total: z.number(), dueAt: Timestamp, overdueDays: z.number().int() }).strict()),
        /** More overdue members exist than the list shows. */
        overdueMore: z.boolean(),
      })
      .strict(),
  }),
  behindPace: action({
    summary: 'probationary members in scope behind the 50-hour pace, earliest conversion date first, cursor-paged (a page may hold fewer than limit while nextCursor goes on)',
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object(PageInput).strict(),
    output: z
      .object({
        items: z.array(z.object({ memberId: Id, name: z.string(), total: z.number(), expectedByNow: z.number(), dueAt: Timestamp, overdueDays: z.number().int() }).strict()),
        nextCursor: z.string().nullable(),
      })
      .strict(),
  }),
  createActivity: action({
    summary: 'an organised activity whose hours are verified by rotating sign-in and sign-out codes',
    roles: ['counselor'],
    errors: [],
    input: z
      .object({
        title: z.string().trim().min(2).max(50),
        category: VolunteerCategory,
        place: z.string().trim().min(1).max(50),
        buildingId: Id,
        startAt: Timestamp,
        endAt: Timestamp,
      })
      .strict(),
    output: z.object({ id: Id }).strict(),
  }),
  activityCode: action({
    summary: 'the current rotating code (valid 30 s) to show as a QR for sign-in or sign-out',
    roles: ['counselor'],
    errors: ['NOT_FOUND', 'WRONG_PHASE'],
    input: z.object({ id: Id, phase: z.enum(['in', 'out']) }).strict(),
    output: z.object({ code: PlaqueCode, expiresAt: Timestamp }).strict(),
  }),
  scanActivity: action({
    summary: "a member scans an activity's code: sign in, or sign out and earn verified hours",
    roles: ['member'],
    errors: ['NOT_FOUND', 'CODE_EXPIRED', 'CODE_REPLAYED', 'WRONG_PHASE'],
    input: z.object({ code: PlaqueCode }).strict(),
    output: z
      .object({
        activityTitle: z.string(),
        phase: z.enum(['in', 'out']),
        hours: z.number().nullable(),
        /** The sign-out stands but the day rules refused its hours (the member already logged that time, or 12 h a day). */
        notCounted: z.object({ code: ErrorCode, message: z.string() }).strict().optional(),
      })
      .strict(),
  }),
  exportHours: action({
    summary:
      "a term's approved hours as .xlsx files (counselor: scope; admin: all), optionally of service days from/to (China dates, one term), in parts of at most 5,000 entries and 2,000 members: each call writes one part and answers the cursor of the next; audited per part",
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object({
      termKey: z.string().refine(isTermKey, '学期格式为 2026-2027-1').optional(),
      /** Service days, inclusive (China dates); the term is then theirs unless termKey is given. */
      from: DateString.optional(),
      to: DateString.optional(),
      /** The previous part's `nextCursor`: it carries the filters (any given must be the same). */
      cursor: z.string().min(1).max(2100).optional(),
    }).strict(),
    /**
     * One part: `url` is a 10-minute download link for the creator only (no client can read exports
     * through the storage rules). `rows` of this part; `rowsTotal` of all parts together (the entries
     * approved by the first part's call); `part` counts from 1; `nextCursor` is null after the last
     * part. `truncated` is false: no entry is left out of the parts.
     */
    output: z.object({
      fileID: z.string(), rows: z.number().int(), truncated: z.boolean(), rowsTotal: z.number().int(), url: z.string(),
      part: z.number().int().min(1), members: z.number().int(), nextCursor: z.string().nullable(),
    }).strict(),
  }),
  finishExport: action({
    summary: 'the creator downloaded an export: delete the file now (otherwise the nightly sweep deletes it after a day)',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ fileID: z.string().min(1).max(1000) }).strict(),
    output: Ok,
  }),
  listActivities: action({
    summary: 'activities in scope (counselor: their buildings; admin: all), newest start first, cursor-paged',
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object(PageInput).strict(),
    output: z.object({ items: z.array(ActivitySummary), nextCursor: z.string().nullable() }).strict(),
  }),
  activityAttendees: action({
    summary: "who signed in and out of an activity in scope, in sign-in order, cursor-paged",
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ activityId: Id, ...PageInput }).strict(),
    output: z.object({ activity: ActivitySummary, items: z.array(Attendee), nextCursor: z.string().nullable() }).strict(),
  }),
} satisfies FunctionContract;
