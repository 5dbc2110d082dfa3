export default definePageConfig({ navigationBarTitleText: '辅导员邀请' });
