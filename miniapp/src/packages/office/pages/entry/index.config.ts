export default definePageConfig({ navigationBarTitleText: '台账事项' });
