export default definePageConfig({ navigationBarTitleText: '学期' });
