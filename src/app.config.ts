/**
 * Main package: what a scan or the home screen needs. Everything a member, counselor or admin uses
 * lives in a subpackage so a student scanning a door downloads as little as possible.
 */
export default defineAppConfig({
  pages: ['pages/home/index', 'pages/plaque/index', 'pages/wall/index', 'pages/me/index', 'pages/star/index', 'pages/dossier/index'],
  subPackages: [
    { root: 'member', pages: ['profile/index', 'hours/index', 'log/index', 'scan/index', 'visits/index', 'room/index', 'duty/index', 'develop/index', 'model-room/index', 'eligibility/index'] },
    { root: 'counselor', pages: ['feedback/index', 'review/index', 'dashboard/index', 'activity/index', 'star/index', 'visits/index', 'inspect/index', 'inspections/index', 'duty/index', 'develop/index', 'badges/index', 'applications/index', 'eligibility/index', 'audit/index'] },
    { root: 'admin', pages: ['codes/index', 'invites/index', 'users/index', 'checklist/index', 'badges/index', 'points/index', 'places/index', 'branches/index', 'terms/index', 'scopes/index', 'audit/index', 'roster-import/index'] },
    // The screen at a service station (checkin duty): opened with the station's key.
    { root: 'station', pages: ['display/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '社区党建',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f1ee',
    // h5 has no native bar to go back with: Taro's own h5 navigation bar shows the title and, on every
    // page but home, a back button when there is history, else a home button. The mini-program keeps WeChat's.
    ...(process.env.TARO_ENV === 'h5' ? { navigationStyle: 'default' as const } : {}),
  },
  // WeChat's privacy rules: privacy APIs (chooseAvatar, the nickname input) wait for the user's agreement.
  __usePrivacyCheck__: true,
  lazyCodeLoading: 'requiredComponents',
});
