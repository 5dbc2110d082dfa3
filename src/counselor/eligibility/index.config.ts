export default definePageConfig({ navigationBarTitleText: '发展条件与积分', enablePullDownRefresh: true });
