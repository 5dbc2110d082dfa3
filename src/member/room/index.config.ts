export default definePageConfig({ navigationBarTitleText: '寝室检查结果', enablePullDownRefresh: true });
