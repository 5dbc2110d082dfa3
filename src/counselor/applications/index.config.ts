export default definePageConfig({ navigationBarTitleText: '示范寝室审核' });
