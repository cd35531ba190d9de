export default definePageConfig({ navigationBarTitleText: '填报亮点工作' });
