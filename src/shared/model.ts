import { z } from 'zod';

/** Names follow docs/glossary.md (../../docs/glossary.md from here): one name per idea in UI, code, tests and docs. */

export const Role = z.enum(['guest', 'student', 'member', 'counselor', 'admin']);
export type Role = z.infer<typeof Role>;

/** Political status of a member (党员 in the broad sense). */
export const MemberStatus = z.enum(['full', 'probationary', 'candidate', 'activist']);
export type MemberStatus = z.infer<typeof MemberStatus>;

export const memberStatusLabels: Record<MemberStatus, string> = {
  full: '正式党员',
  probationary: '预备党员',
  candidate: '发展对象',
  activist: '入党积极分子',
};

export const roleLabels: Record<Role, string> = {
  guest: '访客',
  student: '学生',
  member: '党员',
  counselor: '辅导员',
  admin: '管理员',
};

/** Posts a member holds (楼长 / 层长 / 宿舍长 / 党小组组长 / 先锋岗 / 示范岗). */
export const Post = z.enum(['buildingLeader', 'floorLeader', 'roomLeader', 'groupLeader', 'vanguardPost', 'modelRoom']);
export type Post = z.infer<typeof Post>;

export const postLabels: Record<Post, string> = {
  buildingLeader: '楼长',
  floorLeader: '层长',
  roomLeader: '宿舍长',
  groupLeader: '党小组组长',
  vanguardPost: '党员先锋岗',
  modelRoom: '党员示范寝室',
};

/**
 * A badge as a viewer reads it (issue 11): the catalogue code and the name it was given with. Badges
 * come from awards (src/shared/domain/badges.ts), no longer from a fixed list.
 */
export const BadgeTag = z.object({ code: z.string(), name: z.string() }).strict();

/** Ids are opaque strings made by the server. */
export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
