export default definePageConfig({ navigationBarTitleText: '审核志愿时长', enablePullDownRefresh: true });
