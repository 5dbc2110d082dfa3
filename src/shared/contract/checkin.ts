import type { FunctionContract } from './define';
import { dutyContract } from './checkin-duty';
import { inspectionsContract } from './checkin-inspections';
import { visitsContract } from './checkin-visits';

/**
 * Dorm check-ins (function `checkin`): duty shifts at service stations, visits to linked rooms
 * confirmed by a resident, and room inspections. Three sections, one contract: action names are
 * unique across them (the spread below would hide a clash; the test in checkin.test.ts checks).
 */
export const checkinSections = { duty: dutyContract, visits: visitsContract, inspections: inspectionsContract } as const;

export const checkinContract = { ...dutyContract, ...visitsContract, ...inspectionsContract } satisfies FunctionContract;
