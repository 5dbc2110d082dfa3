import Taro from '@tarojs/taro';

/** Every page's path, once; pages navigate through these so a moved page breaks at compile time. */
export const routes = {
  home: () => '/pages/home/index',
  plaque: (code: string) => `/pages/plaque/index?scene=${encodeURIComponent(code)}`,
  wall: (buildingId?: string) => (buildingId ? `/pages/wall/index?buildingId=${encodeURIComponent(buildingId)}` : '/pages/wall/index'),
  me: () => '/pages/me/index',
  memberProfile: () => '/member/profile/index',
  memberHours: () => '/member/hours/index',
  memberLog: (entryId?: string) => (entryId ? `/member/log/index?id=${encodeURIComponent(entryId)}` : '/member/log/index'),
  memberScan: () => '/member/scan/index',
  counselorFeedback: () => '/counselor/feedback/index',
  counselorReview: () => '/counselor/review/index',
  counselorDashboard: () => '/counselor/dashboard/index',
  counselorActivity: () => '/counselor/activity/index',
  adminCodes: () => '/admin/codes/index',
  adminInvites: () => '/admin/invites/index',
  adminUsers: () => '/admin/users/index',
  // checkin duty
  memberDuty: () => '/member/duty/index',
  counselorDuty: () => '/counselor/duty/index',
  stationDisplay: (key: string) => `/station/display/index?key=${encodeURIComponent(key)}`,
};

/** Opens a page; when WeChat's 10-page stack is full (plaque -> wall -> plaque ...), replaces the current one instead. */
export function go(url: string): void {
  Taro.navigateTo({ url }).catch(() => Taro.redirectTo({ url }).catch(() => undefined));
}
