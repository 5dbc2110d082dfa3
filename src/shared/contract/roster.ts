import { z } from 'zod';
import { Id } from '../model';
import { action, type FunctionContract } from './define';
import { PageInput, Timestamp, nextCursorOutput } from './common';
import { CHANGE_KINDS, IMPORT_KINDS } from '../domain/roster-import';

/**
 * The roster import (function `roster`, admin only; issue 12 point 2). The file goes to storage
 * first (the admin's own upload folder, `user/<openid>/imports/`), so no call carries it; `preview`
 * reads it, stores the diff on an import job and answers its summary; `changes` pages the diff;
 * each `apply` writes one bounded chunk in one transaction and answers the progress, so a stopped
 * import resumes where it stood. Templates and cleaning rules: src/shared/domain/roster-import.ts.
 */
export const ImportKind = z.enum(IMPORT_KINDS);
const FileId = z.string().trim().min(10).max(300).regex(/^cloud:\/\//, '文件编号格式不对');

export const RowErrorView = z.object({ row: z.number().int(), message: z.string() }).strict();

export const ChangeKindEnum = z.enum(CHANGE_KINDS as unknown as ['added', ...Array<(typeof CHANGE_KINDS)[number]>]);

export const ImportJob = z
  .object({
    jobId: Id,
    kind: ImportKind,
    full: z.boolean(),
    fileName: z.string(),
    createdAt: Timestamp,
    /** Data rows read (after the header row, blank rows skipped). */
    rows: z.number().int(),
    headerRow: z.number().int(),
    /** Rows identical to an earlier one, collapsed into it. */
    collapsed: z.number().int(),
    /** Rows refused (at most ROW_ERRORS_KEPT listed; `errorCount` counts all). While any remain, nothing can be applied. */
    errors: z.array(RowErrorView),
    errorCount: z.number().int(),
    counts: z.object({ added: z.number().int(), changed: z.number().int(), moved: z.number().int(), left: z.number().int(), roomCreated: z.number().int(), buildingCreated: z.number().int(), notListed: z.number().int(), unchanged: z.number().int() }).strict(),
    /** Changes in all; `applied` of them are written (in file order, chunk by chunk). */
    total: z.number().int(),
    applied: z.number().int(),
    chunks: z.number().int(),
    status: z.enum(['previewed', 'applying', 'done']),
  })
  .strict();
export type ImportJob = z.infer<typeof ImportJob>;

export const ChangeView = z
  .object({
    seq: z.number().int(),
    kind: ChangeKindEnum,
    /** The file's row; null for people missing from a full roster. */
    row: z.number().int().nullable(),
    /** 学号, "楼栋 房间" or the building's name: who or what changes. */
    subject: z.string(),
    name: z.string(),
    /** Fields before and after (labels from `importFieldLabels`; phones masked; a counselor's new `invite` code once applied); null before for additions. */
    before: z.record(z.string()).nullable(),
    after: z.record(z.string()).nullable(),
  })
  .strict();
export type ChangeView = z.infer<typeof ChangeView>;

export const rosterContract = {
  template: action({
    summary: 'an empty .xlsx template of one kind with its Chinese headers and an example row, to download',
    roles: ['admin'],
    errors: [],
    input: z.object({ kind: ImportKind }).strict(),
    output: z.object({ fileID: z.string(), url: z.string(), fileName: z.string() }).strict(),
  }),
  preview: action({
    summary: 'dry run: read an uploaded .xlsx or .csv (GBK or UTF-8), answer row errors and the diff against the stored data; writes nothing but the import job',
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ kind: ImportKind, fileID: FileId, fileName: z.string().trim().min(1).max(100).optional(), full: z.boolean().default(false) }).strict(),
    output: ImportJob,
  }),
  changes: action({
    summary: 'one page of an import job’s diff (added, changed with before and after, moved rooms, no longer present), in file order',
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ jobId: Id, kind: ChangeKindEnum.optional(), ...PageInput }).strict(),
    output: z.object({ items: z.array(ChangeView), nextCursor: nextCursorOutput }).strict(),
  }),
  apply: action({
    summary: 'write the next chunk of a previewed import in one audited transaction and answer the progress; the same call again resumes, a finished job changes nothing',
    roles: ['admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z.object({ jobId: Id }).strict(),
    output: ImportJob,
  }),
  job: action({
    summary: 'an import job’s summary and progress (to resume after a stop)',
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ jobId: Id }).strict(),
    output: ImportJob,
  }),
} satisfies FunctionContract;
