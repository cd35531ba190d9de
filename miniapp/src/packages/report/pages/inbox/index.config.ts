export default definePageConfig({ navigationBarTitleText: '亮点办收件箱' });
