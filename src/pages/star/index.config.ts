export default definePageConfig({ navigationBarTitleText: '每月之星', enablePullDownRefresh: true });
