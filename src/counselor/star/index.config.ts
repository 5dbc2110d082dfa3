export default definePageConfig({ navigationBarTitleText: '党员之星评选', enablePullDownRefresh: true });
