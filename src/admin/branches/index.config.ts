export default definePageConfig({ navigationBarTitleText: '支部与党小组' });
