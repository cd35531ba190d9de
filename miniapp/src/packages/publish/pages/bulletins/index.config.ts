export default definePageConfig({ navigationBarTitleText: '通报发布' });
