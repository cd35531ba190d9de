// The share card needs this on weapp: without it `useShareAppMessage` is never called.
export default definePageConfig({ navigationBarTitleText: '网络投票', enableShareAppMessage: true });
