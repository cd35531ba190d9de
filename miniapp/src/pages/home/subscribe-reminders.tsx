import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { SUBSCRIPTION_KIND_LABELS, type Subscriptions } from '@liangdian/shared';
import { errorText } from '../../api/client';
import { getSubscriptions, recordSubscription } from '../../api/publication';

type Item = Subscriptions['items'][number];
type Answer = { item: Item; accepted: boolean };

/** WeChat's answer to `requestSubscribeMessage`: template id → 'accept' | 'reject' | 'ban' | 'filter'. */
async function askWechat(items: Item[]): Promise<Answer[]> {
  const tmplIds = items.map((i) => i.templateId!);
  try {
    // Taro's typing asks for Alipay's entityIds as well; WeChat takes tmplIds alone.
    const res = (await Taro.requestSubscribeMessage({ tmplIds } as Parameters<typeof Taro.requestSubscribeMessage>[0])) as unknown as Record<string, string>;
    return items.map((item) => ({ item, accepted: res[item.templateId!] === 'accept' }));
  } catch (error) {
    // 20004: the user has switched off subscribe messages for this mini-program: a refusal of all.
    if ((error as { errCode?: number } | null)?.errCode === 20004) return items.map((item) => ({ item, accepted: false }));
    throw error;
  }
}

/** H5 has no WeChat subscriptions: the choice is recorded, and the page says where messages will come from. */
async function askBrowser(items: Item[]): Promise<Answer[]> {
  const { confirm } = await Taro.showModal({
    title: '订阅提醒',
    content: `网页版无法接收微信订阅消息。是否记录您希望接收${items.map((i) => SUBSCRIPTION_KIND_LABELS[i.kind]).join('和')}？在微信小程序中再次订阅后才会收到消息。`,
    confirmText: '记录',
    cancelText: '不需要',
  });
  return items.map((item) => ({ item, accepted: confirm }));
}

/**
 * 订阅提醒 (reporters and unit heads): one-time subscribe messages for the filing deadline and the
 * results. The templates are loaded before the tap, because WeChat only shows its request sheet
 * when `requestSubscribeMessage` runs straight from the tap, not after a network round trip.
 */
export function SubscribeReminders() {
  const [subs, setSubs] = useState<Subscriptions | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    getSubscriptions().then(setSubs, () => undefined);
  }, []);

  const h5 = process.env.TARO_ENV === 'h5';
  const items = (subs?.items ?? []).filter((i) => h5 || i.templateId);

  const subscribe = async () => {
    if (!subs) return setMessage({ ok: false, text: '订阅信息还没有加载，请稍后再试' });
    if (items.length === 0) return setMessage({ ok: false, text: '服务器尚未配置订阅消息模板，暂时无法订阅' });
    setBusy(true);
    setMessage(null);
    try {
      const answers = h5 ? await askBrowser(items) : await askWechat(items);
      let latest = subs;
      for (const { item, accepted } of answers) {
        latest = await recordSubscription({ kind: item.kind, accepted, ...(item.templateId ? { templateId: item.templateId } : {}) });
      }
      setSubs(latest);
      const accepted = answers.filter((a) => a.accepted).map((a) => SUBSCRIPTION_KIND_LABELS[a.item.kind]);
      const text = accepted.length ? `已订阅：${accepted.join('、')}` : '已记录：不接收提醒';
      setMessage({ ok: true, text: h5 && accepted.length ? `${text}（网页版不会收到微信消息，请在小程序中订阅）` : text });
    } catch (error) {
      const wechat = (error as { errMsg?: string } | null)?.errMsg;
      setMessage({ ok: false, text: wechat ? '订阅未完成，请稍后再试' : errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="section" id="home-subscribe">
      <View className="section-title">订阅提醒</View>
      <View className="muted">申报截止前和评选结果公布时，通过微信消息提醒您。每次订阅可接收一条消息。</View>
      {subs && (
        <View className="muted spaced" id="home-subscribe-credits">
          {subs.items.map((i) => `${SUBSCRIPTION_KIND_LABELS[i.kind]}：${i.credits > 0 ? `可接收 ${i.credits} 条` : i.refused ? '已拒绝' : '未订阅'}`).join('；')}
        </View>
      )}
      <View className="row spaced">
        <Button id="home-subscribe-button" loading={busy} disabled={busy} onClick={() => void subscribe()}>
          订阅提醒
        </Button>
      </View>
      {message && (
        <View className={`spaced ${message.ok ? 'home-ok' : 'error-text'}`} id="home-subscribe-message" data-state={message.ok ? 'ok' : 'error'}>
          {message.text}
        </View>
      )}
    </View>
  );
}
