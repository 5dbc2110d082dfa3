export default definePageConfig({ navigationBarTitleText: '徽章目录' });
