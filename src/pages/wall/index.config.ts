export default definePageConfig({ navigationBarTitleText: '楼栋党员公示墙', enablePullDownRefresh: true });
