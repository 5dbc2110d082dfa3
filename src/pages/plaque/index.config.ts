export default definePageConfig({ navigationBarTitleText: '寝室党员', enablePullDownRefresh: true });
