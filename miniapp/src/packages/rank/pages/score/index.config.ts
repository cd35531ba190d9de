export default definePageConfig({ navigationBarTitleText: '季度评分' });
