import { z } from 'zod';
import { Id } from '../model';
import { action, type FunctionContract } from './define';
import { Ok, PageInput, Timestamp } from './common';

/** Section of issue 11: 党员示范寝室 applications. */

const PhotoIds = z.array(z.string().max(300).regex(/^cloud:\/\//, '照片需先上传')).min(1, '请至少上传1张照片').max(6, '最多6张照片');
const Statement = z.string().trim().min(20, '申请陈述至少20个字').max(1000, '申请陈述最多1000字');
const Reason = z.string().trim().min(2, '请写明原因').max(200, '原因最多200字');
const ApplicationStatus = z.enum(['pending', 'approved', 'declined']);

export const ApplicationView = z
  .object({
    id: z.string(),
    roomId: Id,
    roomLabel: z.string(),
    buildingId: Id,
    termKey: z.string(),
    applicantName: z.string(),
    statement: z.string(),
    /** Temporary URLs minted after the scope check (the applicant's own folder is readable by no one else). */
    photoUrls: z.array(z.string()),
    status: ApplicationStatus,
    submittedAt: Timestamp,
    decision: z.object({ at: Timestamp, reason: z.string() }).strict().nullable(),
    /** Earlier declined attempts this term, oldest first. */
    declines: z.array(z.object({ at: Timestamp, reason: z.string() }).strict()),
  })
  .strict();
export type ApplicationView = z.infer<typeof ApplicationView>;

export const badgeApplicationsContract = {
  applyModelRoom: action({
    summary: "a room's leader (宿舍长: a member living there holding the roomLeader post) applies for 党员示范寝室 this term with a statement and photos; one open application per room and term",
    roles: ['member'],
    errors: ['NOT_FOUND', 'ALREADY_APPLIED', 'CONTENT_REJECTED', 'CONTENT_CHECK_UNAVAILABLE'],
    input: z.object({ statement: Statement, photoFileIds: PhotoIds }).strict(),
    output: z.object({ id: z.string() }).strict(),
  }),
  myRoomApplication: action({
    summary: "this term's application of the caller's room (if any) and whether the caller may apply, with the upload folder",
    roles: ['member'],
    errors: [],
    input: z.object({}).strict(),
    output: z
      .object({
        roomLeader: z.boolean(),
        termLabel: z.string(),
        uploadDir: z.string(),
        application: ApplicationView.nullable(),
      })
      .strict(),
  }),
  pendingApplications: action({
    summary: "applications waiting in the counselor's buildings (an admin's: all), oldest first, cursor-paged",
    roles: ['counselor', 'admin'],
    errors: [],
    input: z.object({ buildingId: Id.optional(), ...PageInput }).strict(),
    output: z.object({ items: z.array(ApplicationView), nextCursor: z.string().nullable() }).strict(),
  }),
  decideApplication: action({
    summary: 'the counselor in scope approves (the room gets 党员示范寝室 for the term) or declines with a reason; audited; deciding twice the same way is the same success',
    roles: ['counselor', 'admin'],
    errors: ['NOT_FOUND', 'INVALID_STATE'],
    input: z
      .object({ id: z.string().trim().min(1).max(140).regex(/^[A-Za-z0-9_-]+$/), approve: z.boolean(), reason: z.string().trim().max(200).default('') })
      .strict()
      .refine((d) => d.approve || Reason.safeParse(d.reason).success, { message: '不通过时请写明原因（至少2个字）', path: ['reason'] }),
    output: Ok,
  }),
} satisfies FunctionContract;
