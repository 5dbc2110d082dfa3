export default definePageConfig({ navigationBarTitleText: '寝室检查表' });
