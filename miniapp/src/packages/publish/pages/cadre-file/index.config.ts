export default definePageConfig({ navigationBarTitleText: '干部干事档案' });
