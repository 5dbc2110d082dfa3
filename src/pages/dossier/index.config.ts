export default definePageConfig({ navigationBarTitleText: '转正材料核验' });
