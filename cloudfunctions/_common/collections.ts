/**
 * Every collection's name, once. `cloudfunctions/database.json` declares the same set (with indexes);
 * a test keeps the two in step. Only repositories use these names.
 */
export const Collections = {
  users: 'users',
  roster: 'roster',
  communities: 'communities',
  buildings: 'buildings',
  rooms: 'rooms',
  plaques: 'plaques',
  branches: 'branches',
  groups: 'groups',
  members: 'members',
  feedback: 'feedback',
  invites: 'invites',
  audit: 'audit',
  rateLimits: 'rate_limits',
  volunteerEntries: 'volunteer_entries',
  activities: 'activities',
  activityCodes: 'activity_codes',
  attendance: 'attendance',
  dayGuards: 'day_guards',
  exports: 'exports',
  fileDeletions: 'file_deletions',
  starRounds: 'star_rounds',
  starCandidates: 'star_candidates',
  starBallots: 'star_ballots',
  starObjections: 'star_objections',
  // check-in visits
  visitsLinks: 'visits_links',
  visitsRecords: 'visits_records',
  visitsAnswers: 'visits_answers',
  visitsCorrections: 'visits_corrections',
  visitsTallies: 'visits_tallies',
  visitsCoverage: 'visits_coverage',
  visitsRoomCoverage: 'visits_room_coverage',
  // checkin, inspections section (issue 10)
  inspectionsConfig: 'inspections_config',
  inspectionsAppointments: 'inspections_appointments',
  inspectionsRecords: 'inspections_records',
  inspectionsRooms: 'inspections_rooms',
  inspectionsRoomMonths: 'inspections_room_months',
  inspectionsStats: 'inspections_stats',
  // develop, records section (issue 11): the development timeline, 公示 and objections
  developPeople: 'develop_people',
  developSteps: 'develop_steps',
  developNotices: 'develop_notices',
  developObjections: 'develop_objections',
  developObjectionSlots: 'develop_objection_slots',
  // checkin: duty
  dutyStations: 'duty_stations',
  dutyShifts: 'duty_shifts',
  dutyAssignments: 'duty_assignments',
  dutyCodes: 'duty_codes',
  dutyCodeUses: 'duty_code_uses',
  dutyRecords: 'duty_records',
  dutyCorrections: 'duty_corrections',
  dutySwaps: 'duty_swaps',
  dutyCoverage: 'duty_coverage',
  // badges (issue 11)
  badgeCatalogue: 'badge_catalogue',
  badgeAwards: 'badge_awards',
  // badge/auto: the 文明寝室 timer's progress per month
  badgeAutoRuns: 'badge_auto_runs',
  // badge: applications (issue 11)
  badgeApplications: 'badge_applications',
  // develop, eligibility section (issue 11)
  developExperiences: 'develop_experiences',
  developPointRules: 'develop_point_rules',
  developPoints: 'develop_points',
  // develop: dossier (issue 11)
  developDossiers: 'develop_dossiers',
  // develop: members whose points an event changed, recomputed by the frequent sweep (issue 11)
  developPointsDirty: 'develop_points_dirty',
  // caps kept in the transaction that adds (the badge catalogue, a member's experience records)
  counters: 'counters',
  // what an admin sets for the whole school, one document per setting by _id: the term calendar, the retention period
  schoolSettings: 'school_settings',
  // roster import (issue 12)
  rosterImports: 'roster_imports',
} as const;

/**
 * Collections no longer declared (cloudfunctions/database.json) that a school deployed before may still
 * hold: read only as a fallback by the repository named, until the README says they can go.
 */
export const RetiredCollections = {
  // the term calendar before it joined school_settings (repositories/settings.ts)
  orgSettings: 'org_settings',
} as const;

export type CollectionName = (typeof Collections)[keyof typeof Collections];
