import type { Suite } from './types';
import { emulatorSuite } from './emulator';
import { appSuite } from './app';
import { clientSuite } from './client';
import { volunteerSuite } from './volunteer';
import { scaleSuite } from './scale';
import { starSuite } from './star';
import { dossierSuite } from './dossier';
import { pointsSuite } from './points';
import { plaquesSuite } from './plaques';
import { floorSuite } from './floor';

/** Every suite `npm run bench` runs, in order. Add new suites (e.g. `plaque`) here. */
export const suites: Suite[] = [emulatorSuite, appSuite, volunteerSuite, clientSuite, scaleSuite, starSuite, dossierSuite, pointsSuite, plaquesSuite, floorSuite];
