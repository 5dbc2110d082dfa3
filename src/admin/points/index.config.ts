export default definePageConfig({ navigationBarTitleText: '发展积分规则' });
