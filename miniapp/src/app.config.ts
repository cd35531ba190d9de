export default defineAppConfig({
  // The first page is the entry; home redirects to login when there is no token.
  pages: ['pages/home/index', 'pages/login/index'],
  // Role-specific pages live in subpackages: WeChat caps the main package at 2 MB.
  subPackages: [
    {
      root: 'packages/admin',
      pages: ['pages/import/index', 'pages/users/index'],
    },
    {
      // Highlight reporting: the form, my items, the unit head's sign-off and the office inbox.
      root: 'packages/report',
      pages: ['pages/edit/index', 'pages/mine/index', 'pages/sign-off/index', 'pages/inbox/index'],
    },
    {
      // The office's ledger and on-site verification, the monthly catalog and vote, the month's highlights.
      root: 'packages/office',
      pages: [
        'pages/ledger/index',
        'pages/entry/index',
        'pages/catalog/index',
        'pages/rounds/index',
        'pages/round/index',
        'pages/highlights/index',
      ],
    },
    {
      // Quarterly scoring by the assessors (with the offline outbox), the rankings and the units' assessment for the leaders.
      root: 'packages/rank',
      pages: ['pages/score/index', 'pages/rankings/index', 'pages/ranking/index', 'pages/assessment/index'],
    },
    {
      // The public online vote (网络投票): every signed-in WeChat user votes and shares; the office manages.
      root: 'packages/vote',
      pages: ['pages/list/index', 'pages/vote/index', 'pages/manage/index'],
    },
    {
      // Publication of results: the office's bulletins 《督查通报》 and push channels; every cadre's file.
      root: 'packages/publish',
      pages: ['pages/bulletins/index', 'pages/bulletin/index', 'pages/channels/index', 'pages/cadre-file/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '亮点',
    navigationBarTextStyle: 'black',
  },
  // Field evidence records where a photo was taken; WeChat refuses getLocation without both.
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '用于记录现场照片的拍摄地点和现场核查的地点' },
  },
});
