export default definePageConfig({ navigationBarTitleText: '联系寝室与走访' });
