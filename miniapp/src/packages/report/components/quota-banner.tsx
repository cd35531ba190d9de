import { View } from '@tarojs/components';
import type { QuotaStatus } from '@liangdian/shared';
import { quotaText } from '../lib/format';

/** The month's quota, shown before anything is submitted. */
export function QuotaBanner({ quota, error }: { quota: QuotaStatus | null; error?: string }) {
  if (!quota) {
    return error ? (
      <View className="section muted" id="quota-status" data-state="failed">
        本月申报数量暂时无法获取：{error}
      </View>
    ) : null;
  }
  const full = quota.used >= quota.max;
  return (
    <View
      className={`section quota-banner ${full ? 'quota-full' : ''}`}
      id="quota-status"
      data-used={quota.used}
      data-max={quota.max}
      data-free={quota.free}
    >
      {quotaText(quota)}
      {full && <View className="error-text">本月名额已用完，新的事项须等下期申报。</View>}
    </View>
  );
}
