export default definePageConfig({ navigationBarTitleText: '月度亮点工作目录' });
