import type { BadgeDefView } from '../shared/contract/badge-awards';

/** Labels the badge pages share (docs/glossary.md). */
export const holderLabels: Record<BadgeDefView['holder'], string> = { member: '党员', room: '寝室' };
export const sourceLabels: Record<BadgeDefView['source'], string> = {
  manual: '手动授予', milestone: '时长里程碑', star: '每月之星评选', yearStar: '年度之星评选', civilRoom: '文明寝室评比', application: '申请审核',
};
export const validityLabels: Record<BadgeDefView['validity'], string> = { term: '本学期', month: '本月', open: '长期' };

/** "至 2027-01-31" or "长期有效". */
export const untilText = (until: string | null) => (until ? `有效期至 ${until}` : '长期有效');
