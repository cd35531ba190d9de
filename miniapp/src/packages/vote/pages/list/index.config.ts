export default definePageConfig({ navigationBarTitleText: '网络投票' });
