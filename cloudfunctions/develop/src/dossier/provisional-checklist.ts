import { cstDate } from '../../../../src/shared/domain/china-time';
import { PROBATION_HOURS, type ChecklistItem } from '../../../../src/shared/domain/eligibility';
import type { DossierMember } from '../../../_common/repositories/develop-dossier';

/**
 * The pack's blockers from what it already read (hours against 50, the room's flag), in the shared
 * checklist's shape, until the eligibility section's `checklistFor` is merged and replaces it.
 */
export function provisionalChecklist(member: DossierMember, room: { flagged: boolean; deadline: Date | null; label: string }): ChecklistItem[] {
  const hours = (member.hoursOverall?.verified ?? 0) + (member.hoursOverall?.selfReported ?? 0);
  const short = Math.max(0, PROBATION_HOURS - hours);
  return [
    {
      key: 'hours50', label: `志愿服务满${PROBATION_HOURS}小时`, state: short > 0 ? 'unmet' : 'met', blocks: short > 0, evidence: [],
      detail: short > 0 ? `已认定 ${hours} 小时，还差 ${short} 小时` : `已认定 ${hours} 小时`,
    },
    {
      key: 'roomNotFlagged', label: '所在寝室未被评为“脏乱差”', state: room.flagged ? 'unmet' : 'met', blocks: room.flagged, evidence: [],
      detail: room.flagged ? `${room.label} 被评为“脏乱差”${room.deadline ? `，整改期限 ${cstDate(room.deadline)}` : ''}` : `${room.label} 未被评为“脏乱差”`,
    },
  ];
}
