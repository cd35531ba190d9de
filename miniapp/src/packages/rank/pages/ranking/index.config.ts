export default definePageConfig({ navigationBarTitleText: '评选排名' });
