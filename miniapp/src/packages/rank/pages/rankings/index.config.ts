export default definePageConfig({ navigationBarTitleText: '评选结果' });
