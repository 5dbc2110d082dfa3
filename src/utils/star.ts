import type { OutputOf } from '../shared/contract/define';
import type { starContract } from '../shared/contract/star';
import { formatCst } from './format';

/** The vote as the pages receive it (function `star`). */
export type RoundSummary = OutputOf<(typeof starContract)['rounds']>['items'][number];
export type RoundView = OutputOf<(typeof starContract)['round']>;
export type Candidate = RoundView['candidates'][number];
export type Objection = NonNullable<NonNullable<RoundView['me']>['objection']>;
export type TallyRow = NonNullable<RoundView['tally']>[number];

export const nominationLabels: Record<Candidate['nomination'], string> = { proposed: '待辅导员确认', accepted: '候选人', declined: '未通过' };
export const objectionLabels: Record<Objection['status'], string> = { open: '待答复', upheld: '异议成立', dismissed: '异议不成立' };

/** `11-18 10:00 至 11-20 22:00` in China time; the year only when the window crosses one. */
export function windowText(from: string, until: string): string {
  const pattern = formatCst(from, 'YYYY-MM-DD').slice(0, 4) === formatCst(until, 'YYYY-MM-DD').slice(0, 4) ? 'MM-DD HH:mm' : 'YYYY-MM-DD HH:mm';
  return `${formatCst(from, pattern)} 至 ${formatCst(until, pattern)}`;
}

/** Names of the chosen candidates, `韩梅梅、赵强`. */
export function namesOf(ids: readonly string[], candidates: readonly Pick<Candidate, 'memberId' | 'name'>[]): string {
  return ids.map((id) => candidates.find((c) => c.memberId === id)?.name ?? '（已退出的候选人）').join('、');
}
