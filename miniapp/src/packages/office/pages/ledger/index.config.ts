export default definePageConfig({ navigationBarTitleText: '亮点工作台账' });
