export default definePageConfig({ navigationBarTitleText: '楼栋公示墙', enablePullDownRefresh: true });
