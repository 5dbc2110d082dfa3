export default definePageConfig({ navigationBarTitleText: '监督反馈', enablePullDownRefresh: true });
