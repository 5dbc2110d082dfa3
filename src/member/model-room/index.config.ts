export default definePageConfig({ navigationBarTitleText: '党员示范寝室申请' });
