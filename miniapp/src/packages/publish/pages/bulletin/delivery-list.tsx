import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CHANNEL_KIND_LABELS, DELIVERY_STATUS_LABELS, type Delivery } from '@liangdian/shared';
import { formatDateTime } from '../../../report/lib/format';

interface Props {
  deliveries: Delivery[];
  /** The delivery being retried, if any. */
  retrying: number | null;
  onRetry: (id: number) => void;
}

/** H5 opens the article; the mini-program cannot open an outside page, so it copies the link. */
function openArticle(url: string) {
  if (process.env.TARO_ENV === 'h5') {
    window.open(url, '_blank', 'noopener');
    return;
  }
  void Taro.setClipboardData({ data: url }).then(() => Taro.showToast({ title: '链接已复制', icon: 'success' }));
}

/** Each channel's push: waiting, sending, published (with the article link) or failed (with why). */
export function DeliveryList({ deliveries, retrying, onRetry }: Props) {
  if (deliveries.length === 0) return null;
  return (
    <View className="section" id="bulletin-deliveries" data-total={deliveries.length}>
      <View className="section-title">发布情况</View>
      {deliveries.map((d) => (
        <View className="list-item" key={d.id} id={`delivery-${d.id}`} data-status={d.status} data-channel-id={d.channelId}>
          <View className="row">
            <Text className="list-item-title">{d.channelName}</Text>
            <Text className={`tag delivery-${d.status}`} id={`delivery-${d.id}-status`}>
              {DELIVERY_STATUS_LABELS[d.status]}
            </Text>
          </View>
          <View className="row muted">
            <Text>{CHANNEL_KIND_LABELS[d.kind]}</Text>
            <Text>已尝试 {d.attempts} 次</Text>
            <Text>更新于 {formatDateTime(d.updatedAt)}</Text>
            {d.nextAttemptAt && d.status !== 'published' && <Text>下次尝试 {formatDateTime(d.nextAttemptAt)}</Text>}
          </View>
          {d.lastError && d.status !== 'published' && (
            <View className="error-text spaced" id={`delivery-${d.id}-error`}>
              {d.status === 'failed' ? '失败原因：' : '上次出错：'}
              {d.lastError}
            </View>
          )}
          {d.articleUrl && (
            <View className="spaced">
              <Text className="link-text" id={`delivery-${d.id}-link`} data-url={d.articleUrl} onClick={() => openArticle(d.articleUrl!)}>
                {d.articleUrl}
              </Text>
            </View>
          )}
          {d.status === 'failed' && d.retryable && (
            <View className="spaced">
              <Button id={`delivery-${d.id}-retry`} size="small" type="primary" loading={retrying === d.id} disabled={retrying !== null} onClick={() => onRetry(d.id)}>
                重试
              </Button>
            </View>
          )}
          {d.status === 'failed' && !d.retryable && (
            <View className="muted spaced">该渠道已拒绝这次发布，不能重试；请在对方平台核实处理。</View>
          )}
        </View>
      ))}
    </View>
  );
}
