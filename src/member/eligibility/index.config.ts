export default definePageConfig({ navigationBarTitleText: '我的发展条件', enablePullDownRefresh: true });
