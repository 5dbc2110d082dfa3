export default definePageConfig({ navigationBarTitleText: '服务站值班码', pageOrientation: 'auto' });
