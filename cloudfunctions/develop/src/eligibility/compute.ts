import { blockersOf, checklistFor, type ChecklistItem } from '../../../../src/shared/domain/eligibility';
import { pointsLedger, type Ledger, type PointRule } from '../../../../src/shared/domain/points';
import { inspectionsRepo } from '../../../_common/repositories/checkin-inspections';
import { factsOf, type FactMemberDoc } from '../../../_common/repositories/develop-facts';
import { pointsRepo } from '../../../_common/repositories/develop-points';
import { termRule } from '../../../_common/terms';

export interface Computed {
  checklist: ChecklistItem[];
  ledger: Ledger & { truncated: boolean };
}

/**
 * A member's checklist and points ledger at `now`, and the points projection the counselor's list
 * sorts on, written with them (so the list says when each member's points were computed). A sweep
 * passes the rules it read once (`known`).
 */
export async function computeFor(member: FactMemberDoc, now: Date, known?: PointRule[]): Promise<Computed> {
  const [facts, roomState, rules, termAt] = await Promise.all([factsOf(member, now), inspectionsRepo.roomState(member.roomId), known ?? pointsRepo.rules().then((r) => r.rules), termRule(now)]);
  const { sources, cut } = await pointsRepo.sources(member, roomState, now);
  const checklist = checklistFor(facts, now);
  const ledger = pointsLedger(sources, rules, termAt);
  await pointsRepo.saveProjection({
    _id: member._id, name: member.name, buildingId: member.buildingId, roomId: member.roomId, roomLabel: facts.room.label,
    status: member.status, points: ledger.total, // The room's flag is left out: the list reads it live.
    blockers: blockersOf(checklist).filter((i) => i.key !== 'roomNotFlagged').map((i) => i.label), computedAt: now,
  });
  return { checklist, ledger: { ...ledger, truncated: cut } };
}
