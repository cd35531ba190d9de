import { Text, View } from '@tarojs/components';

/** One labelled line of a detail view: 类别 …, 提交时间 … */
export function DetailField({ label, value }: { label: string; value: string }) {
  return (
    <View className="detail-field">
      <Text className="detail-label">{label}</Text>
      <Text>{value}</Text>
    </View>
  );
}
