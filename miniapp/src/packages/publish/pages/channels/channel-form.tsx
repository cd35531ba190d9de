import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CHANNEL_KIND_LABELS, CHANNEL_KINDS, type Channel, type ChannelKind } from '@liangdian/shared';
import { errorText } from '../../../../api/client';
import { createChannel, updateChannel, type ChannelCreate, type ChannelUpdate } from '../../../../api/publication';
import { ChoiceRow } from '../../../report/components/choice-row';
import { fieldId } from '../../../report/lib/hooks';

const KIND_OPTIONS = CHANNEL_KINDS.map((k) => ({ value: k, label: CHANNEL_KIND_LABELS[k] }));
const ENABLED_OPTIONS = [
  { value: 'on', label: '启用' },
  { value: 'off', label: '停用' },
] as const;

interface Fields {
  kind: ChannelKind;
  name: string;
  appId: string;
  author: string;
  url: string;
  secret: string;
  enabled: boolean;
}

function initial(channel?: Channel): Fields {
  return {
    kind: channel?.kind ?? 'officialAccount',
    name: channel?.name ?? '',
    appId: channel?.appId ?? '',
    author: channel?.author ?? '',
    url: channel?.url ?? '',
    secret: '',
    enabled: channel?.enabled ?? true,
  };
}

/** The same rules as the server's channel schemas, said before it has to refuse. */
function problem(f: Fields, creating: boolean): string | null {
  if (!f.name.trim()) return '请填写渠道名称';
  if (f.kind === 'officialAccount' && !/^[A-Za-z0-9_-]{4,64}$/.test(f.appId.trim())) return 'AppID 格式不正确';
  if (f.kind === 'officialAccount' && f.author.trim().length > 16) return '作者署名不能超过 16 个字';
  if (f.kind === 'webhook' && !/^https?:\/\/\S+$/i.test(f.url.trim())) return '地址须以 http:// 或 https:// 开头';
  const secret = f.secret.trim();
  if (creating && !secret) return f.kind === 'officialAccount' ? '请填写 AppSecret' : '请填写签名密钥';
  if (secret && secret.length < 8) return '密钥至少 8 个字符';
  return null;
}

function createRequest(f: Fields): ChannelCreate {
  const base = { name: f.name.trim(), secret: f.secret.trim(), enabled: f.enabled };
  if (f.kind === 'webhook') return { kind: 'webhook', ...base, url: f.url.trim() };
  return { kind: 'officialAccount', ...base, appId: f.appId.trim(), ...(f.author.trim() ? { author: f.author.trim() } : {}) };
}

/** Only what changed; a secret only when a new one was typed (secrets are write-only). */
function updateRequest(channel: Channel, f: Fields): ChannelUpdate {
  const out: ChannelUpdate = {};
  if (f.name.trim() !== channel.name) out.name = f.name.trim();
  if (f.enabled !== channel.enabled) out.enabled = f.enabled;
  if (f.secret.trim()) out.secret = f.secret.trim();
  if (channel.kind === 'officialAccount') {
    if (f.appId.trim() !== (channel.appId ?? '')) out.appId = f.appId.trim();
    if (f.author.trim() !== (channel.author ?? '')) out.author = f.author.trim();
  } else if (f.url.trim() !== (channel.url ?? '')) {
    out.url = f.url.trim();
  }
  return out;
}

interface Props {
  /** The channel to edit; none to add one. */
  channel?: Channel;
  onSaved: (channel: Channel) => void;
  onCancel: () => void;
}

/** Adding or editing a push channel: an official account (AppID + AppSecret) or a signed webhook (URL + key). */
export function ChannelForm({ channel, onSaved, onCancel }: Props) {
  const [f, setF] = useState<Fields>(() => initial(channel));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const set = (key: 'name' | 'appId' | 'author' | 'url' | 'secret') => (e: { detail: { value: string } }) => setF({ ...f, [key]: e.detail.value });
  const oa = f.kind === 'officialAccount';

  const save = async () => {
    const why = problem(f, !channel);
    if (why) return setMessage(why);
    const update = channel ? updateRequest(channel, f) : null;
    if (channel && update && Object.keys(update).length === 0) return onCancel();
    setBusy(true);
    setMessage('');
    try {
      onSaved(channel ? await updateChannel(channel.id, update!) : await createChannel(createRequest(f)));
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="section" id="channel-form" data-channel-id={channel?.id ?? ''}>
      <View className="section-title">{channel ? `编辑渠道：${channel.name}` : '添加推送渠道'}</View>
      {!channel && (
        <>
          <View className="field-label">类型</View>
          <ChoiceRow id="channel-form-kind" options={KIND_OPTIONS} value={f.kind} onChange={(kind) => setF({ ...f, kind })} />
        </>
      )}
      <View className="field-label">
        名称<Text className="required">*</Text>
      </View>
      <Input {...fieldId('channel-form-name')} className="field-input" value={f.name} maxlength={64} placeholder={oa ? '如：县融媒体中心公众号' : '如：县电视台'} onInput={set('name')} />
      {oa ? (
        <>
          <View className="field-label">
            AppID<Text className="required">*</Text>
          </View>
          <Input {...fieldId('channel-form-appid')} className="field-input" value={f.appId} maxlength={64} onInput={set('appId')} />
          <View className="field-label">作者署名</View>
          <Input {...fieldId('channel-form-author')} className="field-input" value={f.author} maxlength={16} placeholder="文章作者，16 字以内" onInput={set('author')} />
        </>
      ) : (
        <>
          <View className="field-label">
            接收地址<Text className="required">*</Text>
          </View>
          <Input {...fieldId('channel-form-url')} className="field-input" value={f.url} maxlength={512} placeholder="https://" onInput={set('url')} />
        </>
      )}
      <View className="field-label">
        {oa ? 'AppSecret' : '签名密钥'}
        {!channel && <Text className="required">*</Text>}
        {channel?.hasSecret && (
          <Text className="tag ok-text channel-secret-state" id="channel-form-secret-state">
            已设置
          </Text>
        )}
      </View>
      <Input
        {...fieldId('channel-form-secret')}
        className="field-input"
        password
        value={f.secret}
        maxlength={256}
        placeholder={channel?.hasSecret ? '留空则保持不变；填写则替换' : '只保存在服务器，不会再显示'}
        onInput={set('secret')}
      />
      <View className="field-label">状态</View>
      <ChoiceRow id="channel-form-enabled" options={ENABLED_OPTIONS} value={f.enabled ? 'on' : 'off'} onChange={(v) => setF({ ...f, enabled: v === 'on' })} />
      {message && (
        <View className="error-text spaced" id="channel-form-message">
          {message}
        </View>
      )}
      <View className="row spaced">
        <Button id="channel-form-save" type="primary" loading={busy} disabled={busy} onClick={() => void save()}>
          保存
        </Button>
        <Button id="channel-form-cancel" disabled={busy} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}
