export default definePageConfig({ navigationBarTitleText: '寝室二维码' });
