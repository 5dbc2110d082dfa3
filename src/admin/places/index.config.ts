export default definePageConfig({ navigationBarTitleText: '楼栋与房间' });
