import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CHANNEL_KIND_LABELS, type Channel } from '@liangdian/shared';
import { errorText, isApiError } from '../../../../api/client';
import { listChannels } from '../../../../api/publication';
import { PageState } from '../../../../components/page-state';
import { ChannelForm } from './channel-form';
import '../../../report/components/report.scss';
import '../../../office/components/office.scss';
import '../../components/publish.scss';

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; channels: Channel[] };
/** The form's subject: a channel's id, 'new', or nothing open. */
type Editing = number | 'new' | null;

/**
 * The office's push channels: WeChat official accounts (AppID + AppSecret) and signed webhooks for
 * the TV station and media apps. Secrets are write-only: the page says "已设置" and can replace one.
 */
export default function ChannelsPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [editing, setEditing] = useState<Editing>(null);
  const [saved, setSaved] = useState('');

  const fetchAll = useCallback(async () => {
    try {
      setLoad({ status: 'ready', channels: await listChannels() });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, []);

  useEffect(() => {
    void fetchAll();
  }, [fetchAll]);

  if (load.status !== 'ready') return <PageState load={load} loadingId="channels-loading" errorId="channels-error" onRetry={() => void fetchAll()} />;

  const { channels } = load;
  const onSaved = (channel: Channel) => {
    const others = channels.filter((c) => c.id !== channel.id);
    setLoad({ status: 'ready', channels: [...others, channel].sort((a, b) => a.id - b.id) });
    setSaved(editing === 'new' ? `已添加渠道“${channel.name}”` : `已保存渠道“${channel.name}”`);
    setEditing(null);
  };
  const open = (next: Editing) => {
    setSaved('');
    setEditing(next);
  };
  const current = typeof editing === 'number' ? channels.find((c) => c.id === editing) : undefined;

  return (
    <View className="page" id="channels-page">
      {saved && (
        <View className="section ok-text" id="channels-message">
          {saved}
        </View>
      )}
      {editing !== null && <ChannelForm key={String(editing)} channel={current} onSaved={onSaved} onCancel={() => setEditing(null)} />}
      <View className="section" id="channels-list" data-total={channels.length}>
        <View className="section-title">推送渠道</View>
        <View className="muted">通报发布时可选择推送到这些渠道。公众号发布后生成文章链接；媒体平台通过签名的 Webhook 接收通报。</View>
        {channels.length === 0 && (
          <View className="muted spaced" id="channels-empty">
            还没有推送渠道
          </View>
        )}
        {channels.map((c) => (
          <View
            className="list-item"
            key={c.id}
            id={`channel-${c.id}`}
            data-kind={c.kind}
            data-enabled={c.enabled ? '1' : '0'}
            data-has-secret={c.hasSecret ? '1' : '0'}
          >
            <View className="row">
              <Text className="list-item-title">{c.name}</Text>
              <Text className="tag">{CHANNEL_KIND_LABELS[c.kind]}</Text>
              {!c.enabled && <Text className="tag warn-text">已停用</Text>}
            </View>
            <View className="row muted">
              {c.kind === 'officialAccount' ? <Text>AppID {c.appId}</Text> : <Text className="channel-url">{c.url}</Text>}
              {c.author && <Text>署名 {c.author}</Text>}
              <Text id={`channel-${c.id}-secret`}>{c.kind === 'officialAccount' ? 'AppSecret' : '密钥'}：{c.hasSecret ? '已设置' : '未设置'}</Text>
            </View>
            <View className="spaced">
              <Button id={`channel-${c.id}-edit`} size="small" onClick={() => open(c.id)}>
                编辑
              </Button>
            </View>
          </View>
        ))}
      </View>
      {editing === null && (
        <Button id="channel-new" type="primary" block onClick={() => open('new')}>
          添加推送渠道
        </Button>
      )}
    </View>
  );
}
