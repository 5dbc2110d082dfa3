export default definePageConfig({ navigationBarTitleText: '值班管理' });
