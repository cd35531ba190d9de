import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CHANNEL_KIND_LABELS, type Channel, type Delivery } from '@liangdian/shared';
import { PUBLISH_PAGES } from '../../lib/navigation';

interface Props {
  channels: Channel[];
  deliveries: Delivery[];
  busy: boolean;
  /** Resolves true once the push is queued. */
  onPublish: (channelIds: number[]) => Promise<boolean>;
}

/**
 * Picking the channels and publishing. A channel the bulletin already went to is shown as done and
 * cannot be picked again (the server would answer with the same delivery anyway). Publishing locks
 * the text, so it takes a second tap.
 */
export function PublishPanel({ channels, deliveries, busy, onPublish }: Props) {
  const [selected, setSelected] = useState<number[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [warning, setWarning] = useState('');
  const sent = new Set(deliveries.map((d) => d.channelId));
  const usable = channels.filter((c) => c.enabled && !sent.has(c.id));

  const toggle = (channel: Channel) => {
    if (busy || !channel.enabled || sent.has(channel.id)) return;
    setWarning('');
    setConfirming(false);
    setSelected(selected.includes(channel.id) ? selected.filter((id) => id !== channel.id) : [...selected, channel.id]);
  };
  const ask = () => {
    if (selected.length === 0) return setWarning('请至少选择一个发布渠道');
    setWarning('');
    setConfirming(true);
  };
  const publish = async () => {
    if (await onPublish(selected)) {
      setSelected([]);
      setConfirming(false);
    }
  };

  return (
    <View className="section" id="bulletin-publish-panel" data-selected={selected.length}>
      <View className="section-title">发布渠道</View>
      {channels.length === 0 && (
        <View className="muted" id="bulletin-no-channels">
          还没有推送渠道，请先添加公众号或媒体平台。
        </View>
      )}
      {channels.map((c) => {
        const checked = sent.has(c.id) || selected.includes(c.id);
        const off = !c.enabled || sent.has(c.id);
        return (
          <View
            key={c.id}
            className={`check-row ${off ? 'check-disabled' : ''}`}
            id={`bulletin-channel-${c.id}`}
            data-checked={checked ? '1' : '0'}
            data-sent={sent.has(c.id) ? '1' : '0'}
            onClick={() => toggle(c)}
          >
            <Text className={`check-box ${checked ? 'check-box-on' : ''}`}>{checked ? '✓' : ''}</Text>
            <View className="check-body">
              <View>{c.name}</View>
              <View className="row muted">
                <Text>{CHANNEL_KIND_LABELS[c.kind]}</Text>
                {sent.has(c.id) && <Text className="ok-text">已推送</Text>}
                {!c.enabled && <Text className="warn-text">已停用</Text>}
              </View>
            </View>
          </View>
        );
      })}
      <View className="row spaced">
        <Text className="link-text" id="bulletin-channels-link" onClick={() => void Taro.navigateTo({ url: PUBLISH_PAGES.channels })}>
          管理推送渠道 ›
        </Text>
      </View>
      {warning && (
        <View className="error-text spaced" id="bulletin-publish-warning">
          {warning}
        </View>
      )}
      {usable.length > 0 && !confirming && (
        <View className="spaced">
          <Button id="bulletin-publish" type="primary" block disabled={busy} onClick={ask}>
            发布通报
          </Button>
        </View>
      )}
      {confirming && (
        <View className="dialog" id="bulletin-publish-dialog">
          <View>发布后通报内容不能再修改。确认推送到所选的 {selected.length} 个渠道？</View>
          <View className="row spaced">
            <Button id="bulletin-publish-confirm" type="danger" loading={busy} disabled={busy} onClick={() => void publish()}>
              确认发布
            </Button>
            <Button id="bulletin-publish-cancel" disabled={busy} onClick={() => setConfirming(false)}>
              取消
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
