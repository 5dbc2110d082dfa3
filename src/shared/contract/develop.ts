import type { FunctionContract } from './define';
import { developDossierContract } from './develop-dossier';
import { developEligibilityContract } from './develop-eligibility';
import { developRecordsContract } from './develop-records';

/**
 * Party development (function `develop`, issue 11): the development timeline with the 脏乱差 veto,
 * 公示 on the building's wall with objections, eligibility and points explained, and the conversion
 * evidence pack. Three sections, one contract: action names are unique across them (develop.test.ts).
 */
export const developSections = { records: developRecordsContract, eligibility: developEligibilityContract, dossier: developDossierContract } as const;

export const developContract = { ...developRecordsContract, ...developEligibilityContract, ...developDossierContract } satisfies FunctionContract;
