export default definePageConfig({ navigationBarTitleText: '走访联系寝室' });
