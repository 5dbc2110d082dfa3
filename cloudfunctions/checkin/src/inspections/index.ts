import type { inspectionsContract } from '../../../../src/shared/contract/checkin-inspections';
import type { Handlers } from '../../../_common/router';
import { appointInspector, inspectableRooms, listInspectors, myInspectorBuildings, revokeInspector } from './appointments';
import { inspectionChecklist, setChecklist } from './checklist';
import { civilisedRooms } from './civilised-rooms';
import { correctInspection } from './correct-inspection';
import { inspectionDashboard } from './dashboard';
import { flaggedRooms } from './flagged-rooms';
import { inspectRoom } from './inspect-room';
import { roomInspections } from './room-inspections';

/** The inspections section's handlers (one file per action or small family beside this one). */
export const inspectionsHandlers: Handlers<typeof inspectionsContract> = {
  inspectionChecklist, setChecklist, appointInspector, revokeInspector, listInspectors, myInspectorBuildings,
  inspectableRooms, inspectRoom, correctInspection, roomInspections, flaggedRooms, civilisedRooms, inspectionDashboard,
};
