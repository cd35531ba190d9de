export default definePageConfig({ navigationBarTitleText: '推送渠道' });
