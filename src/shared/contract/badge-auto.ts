import { z } from 'zod';
import { MonthKey } from '../domain/inspection';
import { Id } from '../model';
import { action, type FunctionContract } from './define';
import { PageInput, Timestamp } from './common';

/**
 * Section of issue 11: automatic awards (hour milestones, stars, 文明寝室) and the 脏乱差 suspension.
 * Milestones and 每月之星 are awarded inside the transactions of the events that earn them (an
 * approval, a settlement, a round's finalisation: nothing to call); 文明寝室 is settled per month, by
 * the timer `civil-rooms` or on demand here. Rules: src/shared/domain/badges.ts.
 */

const STAFF = ['counselor', 'admin'] as const;

/** The automatic sources (src/shared/domain/badges.ts BadgeSource). */
export const AutoSource = z.enum(['milestone', 'star', 'civilRoom']);
export type AutoSource = z.infer<typeof AutoSource>;
export const autoSourceLabels: Record<AutoSource, string> = { milestone: '志愿时长里程碑', star: '每月之星', civilRoom: '文明寝室' };

/** Rooms settled per call at most: a call's work is bounded whatever the school's size (the cursor continues). */
export const SETTLE_CHUNK_MAX = 50;

/** Members looked at per backfill call at most (the cursor continues). */
export const BACKFILL_CHUNK_MAX = 100;

export const BackfillProgress = z
  .object({
    /** This call: members looked at, milestone awards given, awards found already given. */
    scanned: z.number().int(),
    awarded: z.number().int(),
    existing: z.number().int(),
    /** The whole run so far (kept by the server, so a closed page resumes where it stopped). */
    totalScanned: z.number().int(),
    totalAwarded: z.number().int(),
    done: z.boolean(),
    startedAt: Timestamp,
    finishedAt: Timestamp.nullable(),
  })
  .strict();
export type BackfillProgress = z.infer<typeof BackfillProgress>;

export const AutoAwardView = z
  .object({
    id: Id,
    code: z.string(),
    name: z.string(),
    holder: z.object({ kind: z.enum(['member', 'room']), id: Id, label: z.string() }).strict(),
    buildingId: Id,
    source: AutoSource,
    /** What earned it: the entry whose hours crossed the line, the round, or the month. */
    sourceRef: z.string().nullable(),
    reason: z.string(),
    awardedAt: Timestamp,
    validFrom: z.string(),
    until: z.string().nullable(),
    revoked: z.boolean(),
  })
  .strict();

export const badgeAutoContract = {
  settleCivilRooms: action({
    summary:
      'awards 文明寝室 for a finished month to each room of the scope whose every inspection that month was rated 优秀 (at least one), a bounded chunk per call with a cursor; idempotent (one award per room and month)',
    roles: STAFF,
    errors: ['INVALID_STATE'],
    input: z
      .object({
        month: MonthKey,
        buildingId: Id.optional(),
        cursor: z.string().min(1).max(200).optional(),
        limit: z.number().int().min(1).max(SETTLE_CHUNK_MAX).optional(),
      })
      .strict(),
    output: z
      .object({
        month: MonthKey,
        /** Rooms of this chunk: newly awarded, already awarded before (or revoked: never given again), no longer qualifying. */
        awarded: z.number().int(),
        existing: z.number().int(),
        skipped: z.number().int(),
        /** Null: the month is settled for the scope; else call again with it. */
        nextCursor: z.string().nullable(),
      })
      .strict(),
  }),
  civilRoomsRun: action({
    summary: "the monthly timer's progress settling 文明寝室 for a month across the school (not started, running, done; rooms awarded)",
    roles: STAFF,
    errors: [],
    input: z.object({ month: MonthKey }).strict(),
    output: z
      .object({
        month: MonthKey,
        state: z.enum(['notStarted', 'running', 'done']),
        awarded: z.number().int(),
        existing: z.number().int(),
        startedAt: Timestamp.nullable(),
        finishedAt: Timestamp.nullable(),
      })
      .strict(),
  }),
  backfillMilestones: action({
    summary:
      'one-time backfill of the hour milestones members passed before milestones existed: a bounded chunk of members per call (the server keeps the place: resumable), each award with a deterministic id (running again awards nothing new) and audited; answers progress',
    roles: ['admin'],
    errors: ['INVALID_STATE'],
    input: z.object({ limit: z.number().int().min(1).max(BACKFILL_CHUNK_MAX).optional(), restart: z.boolean().optional() }).strict(),
    output: BackfillProgress,
  }),
  autoAwards: action({
    summary: 'what the automatic awards did in scope: milestones, 每月之星 and 文明寝室 awards with what earned each, newest first, cursor-paged',
    roles: STAFF,
    errors: [],
    input: z.object({ source: AutoSource.optional(), buildingId: Id.optional(), ...PageInput }).strict(),
    output: z.object({ items: z.array(AutoAwardView), nextCursor: z.string().nullable() }).strict(),
  }),
} satisfies FunctionContract;
