export default definePageConfig({ navigationBarTitleText: '导入单位和用户' });
