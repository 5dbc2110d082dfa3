export default definePageConfig({ navigationBarTitleText: '工作看板', enablePullDownRefresh: true });
