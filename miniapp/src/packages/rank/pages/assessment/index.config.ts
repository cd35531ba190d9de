export default definePageConfig({ navigationBarTitleText: '单位量化考核' });
