export default definePageConfig({ navigationBarTitleText: '社区党建' });
