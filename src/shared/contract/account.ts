import { z } from 'zod';
import { INVITE_CODE_PATTERN, normalizeInviteCode } from '../domain/plaque-code';
import { Id, Role } from '../model';
import { action, ANYONE, type FunctionContract } from './define';
import { accountAuditContract } from './account-audit';
import { Consent, Empty, Me, Ok, PageInput, PersonName, StudentNo, Timestamp } from './common';

export const InviteCode = z.string().trim().toUpperCase().regex(INVITE_CODE_PATTERN, '邀请码为10位字母数字');
/** A code as typed: any wrong code, of any shape, is answered INVITE_INVALID by the server. */
export const TypedInviteCode = z.string().trim().min(1, '请输入邀请码').max(64, '邀请码无效或已过期').transform(normalizeInviteCode);

export const accountContract = {
  me: action({ summary: 'who the caller is', roles: ANYONE, errors: [], input: Empty, output: Me }),
  bind: action({
    summary: 'bind this WeChat user to a roster entry (student number + name); a bound user gets ALREADY_BOUND',
    roles: ANYONE,
    errors: ['RATE_LIMITED', 'ALREADY_BOUND', 'ROSTER_MISMATCH'],
    input: z.object({ studentNo: StudentNo, name: PersonName }).strict(),
    output: Me,
  }),
  redeemInvite: action({
    summary: 'join as a counselor with a one-time invite code (not for members, counselors or admins)',
    roles: ['guest', 'student'],
    errors: ['RATE_LIMITED', 'INVITE_INVALID', 'ALREADY_BOUND'],
    input: z.object({ code: TypedInviteCode, name: PersonName }).strict(),
    output: Me,
  }),
  createInvite: action({
    summary: 'make a one-time counselor invite for some buildings',
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ buildingIds: z.array(Id).min(1).max(20), expiresInHours: z.number().int().min(1).max(168).default(72) }).strict(),
    output: z.object({ code: InviteCode, expiresAt: Timestamp }).strict(),
  }),
  listUsers: action({
    summary: 'find users to manage (admin): by 学号 (exact), else by the start of the name (by name, then newest first), else by role or all (newest first); cursor-paged',
    roles: ['admin'],
    errors: [],
    input: z.object({ role: Role.optional(), studentNo: StudentNo.optional(), name: PersonName.optional(), ...PageInput }).strict(),
    output: z.object({
      items: z.array(z.object({ id: Id, name: z.string().nullable(), role: Role, roomLabel: z.string().nullable() }).strict()),
      nextCursor: z.string().nullable(),
    }).strict(),
  }),
  unbind: action({
    summary: 'release a user from their roster entry or counselor role (admin)',
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ userId: Id, reason: z.string().trim().min(2).max(200) }).strict(),
    output: Ok,
  }),
  setConsent: action({
    summary: 'give or withdraw consent to appear on public plaques (refused once the member has left the school)',
    roles: ['member'],
    errors: ['NOT_FOUND'],
    input: z.object({ public: z.boolean() }).strict(),
    output: z.object({ consent: Consent }).strict(),
  }),
  updateProfile: action({
    summary: 'change own pledge or photo',
    roles: ['member'],
    errors: ['NOT_FOUND', 'CONTENT_REJECTED', 'CONTENT_CHECK_UNAVAILABLE'],
    input: z
      .object({
        pledge: z.string().trim().max(200).optional(),
        photoFileId: z.string().max(300).regex(/^cloud:\/\//).nullable().optional(),
      })
      .strict(),
    output: Me,
  }),
  ...accountAuditContract,
  markLeft: action({
    summary: 'mark a person as left the school (admin): gone from every public view at once, no member or student powers, anonymised after the retention period',
    roles: ['admin'],
    errors: ['NOT_FOUND'],
    input: z.object({ studentNo: StudentNo, reason: z.string().trim().min(2, '请写明原因（至少2个字）').max(200) }).strict(),
    /** `alreadyLeft`: the entry was marked before; nothing changed. */
    output: z.object({ leftAt: Timestamp, alreadyLeft: z.boolean() }).strict(),
  }),
  myData: action({
    summary: 'a copy of the caller\'s own personal data (PIPL art. 45) as a JSON file only they can download; also for a person who left, until anonymised',
    roles: ['guest', 'student', 'member'],
    errors: ['NOT_FOUND'],
    input: Empty,
    output: z.object({ fileID: z.string(), url: z.string(), counts: z.record(z.string(), z.number().int().min(0)) }).strict(),
  }),
} satisfies FunctionContract;
