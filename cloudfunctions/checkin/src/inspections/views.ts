import type { InspectionView } from '../../../../src/shared/contract/checkin-inspections';
import { DEFAULT_CHECKLIST, type ChecklistItem } from '../../../../src/shared/domain/inspection';
import type { InspectionDoc, RoomStateDoc } from '../../../_common/repositories/checkin-inspections';
import { inspectionsRepo, type BuildingScope } from '../../../_common/repositories/checkin-inspections';
import type { Actor } from '../../../_common/router';
import { buildingScope, inScope } from '../../../_common/scope';

/** What the inspection handlers share: the checklist in force, scope, who may inspect, and the views. */

export const BAD_CURSOR = '分页参数无效，请刷新列表';

export async function checklistInForce(): Promise<{ items: ChecklistItem[]; updatedAt: Date | null }> {
  const doc = await inspectionsRepo.checklist();
  return doc ? { items: doc.items, updatedAt: new Date(doc.updatedAt) } : { items: DEFAULT_CHECKLIST, updatedAt: null };
}

/** The actor's building scope, narrowed to one building when asked; null when that building is outside it. */
export function narrowedScope(actor: Actor, buildingId: string | undefined): BuildingScope | null {
  if (buildingId === undefined) return buildingScope(actor);
  return inScope(actor, buildingId) ? { all: false, ids: [buildingId] } : null;
}

/** Counselors inspect their buildings (admins any); students and members where they hold an active appointment. */
export async function mayInspect(actor: Actor, buildingId: string): Promise<boolean> {
  if (actor.role === 'admin' || actor.role === 'counselor') return inScope(actor, buildingId);
  if (!actor.user) return false;
  return (await inspectionsRepo.activeAppointment(actor.user._id, buildingId)) !== null;
}

const iso = (at: Date | string | null) => (at ? new Date(at).toISOString() : null);

export function flagView(state: RoomStateDoc | null, now: Date) {
  const flagged = Boolean(state?.flagged);
  return {
    flagged,
    flaggedAt: flagged ? iso(state!.flaggedAt) : null,
    deadline: flagged ? iso(state!.deadline) : null,
    overdue: flagged && state!.deadline !== null && now.getTime() > new Date(state!.deadline).getTime(),
  };
}

export function inspectionView(doc: InspectionDoc, correctedBy: string | null): InspectionView {
  return {
    id: doc._id, roomId: doc.roomId, roomLabel: doc.roomLabel, at: new Date(doc.at).toISOString(), kind: doc.kind, correctsId: doc.correctsId ?? null,
    reason: doc.reason ?? null, inspectorName: doc.inspectorName, items: doc.items.map((i) => ({ id: i.id, label: i.label, category: i.category, score: i.score, maxScore: i.maxScore })),
    total: doc.total, max: doc.max, percent: doc.percent, rating: doc.rating, note: doc.note, photoCount: doc.photoFileIds.length, correctedBy,
  };
}

/** A fresh state for a room never inspected before. */
export function blankState(room: { _id: string; buildingId: string; floor: number }, roomLabel: string): RoomStateDoc {
  return {
    _id: room._id, buildingId: room.buildingId, floor: room.floor, roomLabel, flagged: false, flaggedAt: null, deadline: null, flaggedBy: null, flaggedByName: null,
    flagInspectionId: null, lastInspectionId: null, lastRating: null, lastAt: null, clearedAt: null, clearedBy: null,
  };
}
