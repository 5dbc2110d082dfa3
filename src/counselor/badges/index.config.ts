export default definePageConfig({ navigationBarTitleText: '徽章授予' });
