export default definePageConfig({ navigationBarTitleText: '寝室整改与评比', enablePullDownRefresh: true });
