export default definePageConfig({ navigationBarTitleText: '签发本单位申报' });
