export default definePageConfig({ navigationBarTitleText: '辅导员负责楼栋' });
