export default definePageConfig({ navigationBarTitleText: '月度投票' });
