import { nextId } from './builders';
import type { App } from './harness';

/** Develop, eligibility section (issue 11): one experience record of the member, for the actions that correct one. */
export async function seedEligibility(app: App, w: { memberId: string; buildingId: string; counselorId: string }) {
  const experience = {
    _id: nextId('exp'), memberId: w.memberId, buildingId: w.buildingId, kind: 'socialPractice', title: '暑期三下乡社会实践', date: '2026-07-20', description: '',
    recordedBy: w.counselorId, recordedByName: '张老师', recordedAt: new Date(Date.now() - 86_400_000), correctsId: null, withdrawn: false, reason: null, correctedBy: null,
  };
  await app.insert('develop_experiences', experience);
  return { experienceId: experience._id };
}
