import Taro from '@tarojs/taro';

/** Every page's path, once; pages navigate through these so a moved page breaks at compile time. */
export const routes = {
  home: () => '/pages/home/index',
  plaque: (code: string) => `/pages/plaque/index?scene=${encodeURIComponent(code)}`,
  wall: (buildingId?: string) => (buildingId ? `/pages/wall/index?buildingId=${encodeURIComponent(buildingId)}` : '/pages/wall/index'),
  me: () => '/pages/me/index',
  star: (roundId?: string) => (roundId ? `/pages/star/index?id=${encodeURIComponent(roundId)}` : '/pages/star/index'),
  // develop: dossier. With an id: the pack's verification (what its QR opens); without: my packs.
  dossier: (id?: string) => (id ? `/pages/dossier/index?id=${encodeURIComponent(id)}` : '/pages/dossier/index'),
  memberProfile: () => '/member/profile/index',
  memberHours: () => '/member/hours/index',
  memberLog: (entryId?: string) => (entryId ? `/member/log/index?id=${encodeURIComponent(entryId)}` : '/member/log/index'),
  memberScan: () => '/member/scan/index',
  memberVisits: () => '/member/visits/index',
  counselorFeedback: () => '/counselor/feedback/index',
  counselorReview: () => '/counselor/review/index',
  counselorDashboard: () => '/counselor/dashboard/index',
  counselorActivity: () => '/counselor/activity/index',
  counselorStar: (roundId?: string) => (roundId ? `/counselor/star/index?id=${encodeURIComponent(roundId)}` : '/counselor/star/index'),
  counselorVisits: () => '/counselor/visits/index',
  counselorInspect: (roomId?: string, buildingId?: string) =>
    roomId && buildingId ? `/counselor/inspect/index?roomId=${encodeURIComponent(roomId)}&buildingId=${encodeURIComponent(buildingId)}` : '/counselor/inspect/index',
  counselorInspections: () => '/counselor/inspections/index',
  memberRoom: () => '/member/room/index',
  adminCodes: () => '/admin/codes/index',
  adminInvites: () => '/admin/invites/index',
  adminUsers: () => '/admin/users/index',
  adminChecklist: () => '/admin/checklist/index',
  // checkin duty
  memberDuty: () => '/member/duty/index',
  counselorDuty: () => '/counselor/duty/index',
  stationDisplay: (key: string) => `/station/display/index?key=${encodeURIComponent(key)}`,
  // develop records (issue 11)
  memberDevelop: () => '/member/develop/index',
  counselorDevelop: (memberId?: string) => (memberId ? `/counselor/develop/index?memberId=${encodeURIComponent(memberId)}` : '/counselor/develop/index'),
  // badges (issue 11)
  memberModelRoom: () => '/member/model-room/index',
  counselorBadges: () => '/counselor/badges/index',
  counselorApplications: () => '/counselor/applications/index',
  adminBadges: () => '/admin/badges/index',
  // develop eligibility (issue 11)
  memberEligibility: () => '/member/eligibility/index',
  counselorEligibility: (memberId?: string) => (memberId ? `/counselor/eligibility/index?memberId=${encodeURIComponent(memberId)}` : '/counselor/eligibility/index'),
  adminPoints: () => '/admin/points/index',
  // organisation admin (issue 12)
  adminPlaces: () => '/admin/places/index',
  adminBranches: () => '/admin/branches/index',
  adminTerms: () => '/admin/terms/index',
  adminScopes: () => '/admin/scopes/index',
  // audit view (issue 12)
  adminAudit: () => '/admin/audit/index',
  // roster import (issue 12)
  adminRosterImport: () => '/admin/roster-import/index',
  counselorAudit: () => '/counselor/audit/index',
};

/** Opens a page; when WeChat's 10-page stack is full (plaque -> wall -> plaque ...), replaces the current one instead. */
export function go(url: string): void {
  Taro.navigateTo({ url }).catch(() => Taro.redirectTo({ url }).catch(() => undefined));
}
