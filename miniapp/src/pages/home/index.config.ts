export default definePageConfig({ navigationBarTitleText: '亮点' });
