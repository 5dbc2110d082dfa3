import { orgContract } from '../../../src/shared/contract/org';
import { createRouter } from '../../_common/router';
import { branches, closeBranch, closeGroup, createBranch, createGroup, groups, renameBranch, renameGroup } from './branches';
import { buildings, createBuilding, syncCopies, updateBuilding } from './buildings';
import { counselors, setCounselorBuildings } from './counselors';
import { addRooms, renameRoom, rooms, setRoomClosed } from './rooms';
import { currentTerm, saveTermCalendar, termCalendar } from './terms';

export const main = createRouter(orgContract, {
  buildings, createBuilding, updateBuilding, syncCopies,
  rooms, addRooms, renameRoom, setRoomClosed,
  branches, createBranch, renameBranch, closeBranch, groups, createGroup, renameGroup, closeGroup,
  termCalendar, saveTermCalendar, currentTerm,
  counselors, setCounselorBuildings,
});
