import { useCallback, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { BULLETIN_LEVEL_NAMES, BULLETIN_STATUS_LABELS, type Bulletin, type Channel, type Delivery } from '@liangdian/shared';
import { errorText, isApiError } from '../../../../api/client';
import {
  downloadBulletinDocx,
  getBulletin,
  getBulletinArticle,
  listChannels,
  listDeliveries,
  openBulletin,
  publishBulletin,
  retryDelivery,
  updateBulletin,
} from '../../../../api/publication';
import { PageState } from '../../../../components/page-state';
import { useLiveRefresh } from '../../../../components/use-live-refresh';
import type { Notice } from '../../../office/lib/hooks';
import { formatDateTime } from '../../../report/lib/format';
import { changedFields, draftProblem, fieldsOf, inFlight, mergeDeliveries, type DraftFields } from '../../lib/draft';
import { ArticlePreview } from './article-preview';
import { BulletinForm } from './bulletin-form';
import { DeliveryList } from './delivery-list';
import { PublishPanel } from './publish-panel';
import '../../../report/components/report.scss';
import '../../../office/components/office.scss';
import '../../components/publish.scss';

/** How often the page asks about deliveries the outbox is still working on. */
const POLL_MS = 2000;

type Load =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; bulletin: Bulletin; channels: Channel[]; deliveries: Delivery[] };

/**
 * The office's supervision bulletin 《督查通报》 of a closed round (`?roundId=`, which makes the draft
 * on first visit, or `?id=`): edit the text, preview the article and the .docx, publish to the chosen
 * channels, then follow each delivery and retry a failed one.
 */
export default function BulletinPage() {
  const { params } = useRouter();
  const roundId = Number(params.roundId) || 0;
  const bulletinId = Number(params.id) || 0;
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [draft, setDraft] = useState<DraftFields | null>(null);
  const [busy, setBusy] = useState<'' | 'save' | 'article' | 'docx' | 'publish'>('');
  const [retrying, setRetrying] = useState<number | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [article, setArticle] = useState('');

  const fetchAll = useCallback(async () => {
    if (!roundId && !bulletinId) return setLoad({ status: 'failed', message: '缺少评选编号' });
    try {
      const bulletin = bulletinId ? await getBulletin(bulletinId) : await openBulletin(roundId);
      const [channels, deliveries] = await Promise.all([listChannels(), listDeliveries(bulletin.id)]);
      setLoad({ status: 'ready', bulletin, channels, deliveries });
      setDraft((current) => current ?? fieldsOf(bulletin));
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad((current) => (current.status === 'ready' ? current : { status: 'failed', message: errorText(error) }));
    }
  }, [roundId, bulletinId]);

  // While the outbox works on a delivery, follow it (and the bulletin, whose status it moves).
  const ready = load.status === 'ready' ? load : null;
  const polling = !!ready && ready.deliveries.some(inFlight);
  const id = ready?.bulletin.id ?? 0;
  const follow = useCallback(
    () =>
      Promise.all([listDeliveries(id), getBulletin(id)]).then(
        ([deliveries, bulletin]) => setLoad((cur) => (cur.status === 'ready' ? { ...cur, bulletin, deliveries: mergeDeliveries(cur.deliveries, deliveries) } : cur)),
        () => undefined,
      ),
    [id],
  );
  useLiveRefresh({ load: fetchAll, refresh: follow, live: polling, intervalMs: POLL_MS, reloadOnShow: false });

  if (load.status !== 'ready' || !draft) {
    // Ready without the draft counts as loading: the same load sets the draft next.
    const state = load.status === 'ready' ? { status: 'loading' } : load;
    return <PageState load={state} loadingId="bulletin-loading" errorId="bulletin-error" onRetry={() => void fetchAll()} />;
  }

  const { bulletin, channels, deliveries } = load;
  const locked = bulletin.status !== 'draft';
  const changes = locked ? {} : changedFields(bulletin, draft);
  const dirty = Object.keys(changes).length > 0;
  const setBulletin = (b: Bulletin) => setLoad((cur) => (cur.status === 'ready' ? { ...cur, bulletin: b } : cur));

  /** Saves the edits, if any; null (with the reason shown) when they cannot be saved. */
  const save = async (): Promise<Bulletin | null> => {
    if (!dirty) return bulletin;
    const problem = draftProblem(draft);
    if (problem) {
      setNotice({ state: 'error', text: problem });
      return null;
    }
    const saved = await updateBulletin(bulletin.id, changes);
    setBulletin(saved);
    setDraft(fieldsOf(saved));
    return saved;
  };
  const act = async (what: typeof busy, action: () => Promise<string | null>) => {
    setBusy(what);
    setNotice(null);
    try {
      const done = await action();
      if (done) setNotice({ state: 'ok', text: done });
    } catch (error) {
      setNotice({ state: 'error', text: errorText(error) });
    } finally {
      setBusy('');
    }
  };
  const onSave = () => void act('save', async () => ((await save()) ? '通报已保存' : null));
  const onArticle = () =>
    void act('article', async () => {
      const saved = await save();
      if (!saved) return null;
      setArticle(await getBulletinArticle(saved));
      return null;
    });
  const onDocx = () =>
    void act('docx', async () => {
      const saved = await save();
      if (!saved) return null;
      await downloadBulletinDocx(saved);
      return process.env.TARO_ENV === 'h5' ? '通报文档已下载' : null;
    });
  const onPublish = async (channelIds: number[]): Promise<boolean> => {
    let ok = false;
    await act('publish', async () => {
      if (!(await save())) return null;
      const result = await publishBulletin(bulletin.id, channelIds);
      setLoad((cur) => (cur.status === 'ready' ? { ...cur, bulletin: result.bulletin, deliveries: mergeDeliveries(cur.deliveries, result.deliveries) } : cur));
      setDraft(fieldsOf(result.bulletin));
      ok = true;
      const again = result.alreadyPublished.length;
      return again ? `已提交发布；其中 ${again} 个渠道此前已发布过，未重复推送` : '已提交发布，正在推送到所选渠道';
    });
    return ok;
  };
  const onRetry = async (deliveryId: number) => {
    setRetrying(deliveryId);
    setNotice(null);
    try {
      const delivery = await retryDelivery(deliveryId);
      setLoad((cur) => (cur.status === 'ready' ? { ...cur, deliveries: mergeDeliveries(cur.deliveries, [delivery]) } : cur));
      setNotice({ state: 'ok', text: '已重新提交发布' });
    } catch (error) {
      setNotice({ state: 'error', text: errorText(error) });
    } finally {
      setRetrying(null);
    }
  };

  return (
    <View className="page" id="bulletin-page" data-id={bulletin.id} data-round-id={bulletin.roundId} data-status={bulletin.status}>
      <View className="section">
        <View className="detail-title" id="bulletin-heading">
          {bulletin.title}
        </View>
        <View className="row muted spaced">
          <Text className={`tag bulletin-${bulletin.status}`} id="bulletin-status">
            {BULLETIN_STATUS_LABELS[bulletin.status]}
          </Text>
          <Text>{BULLETIN_LEVEL_NAMES[bulletin.level]}</Text>
          <Text>{bulletin.periodLabel}</Text>
          <Text>{bulletin.number}</Text>
        </View>
        {bulletin.publishedAt && <View className="muted">发布于 {formatDateTime(bulletin.publishedAt)}</View>}
      </View>

      {notice && (
        <View className={`section ${notice.state === 'ok' ? 'ok-text' : 'error-text'}`} id="bulletin-message" data-state={notice.state}>
          {notice.text}
        </View>
      )}

      <BulletinForm draft={draft} onChange={setDraft} locked={locked} dirty={dirty} busy={busy === 'save'} onSave={onSave} />

      <View className="section" id="bulletin-items" data-total={bulletin.items.length}>
        <View className="section-title">通报事项（{bulletin.items.length}）</View>
        {bulletin.items.map((item) => (
          <View className="sub-item" key={item.entryId} id={`bulletin-item-${item.entryId}`} data-rank={item.rank}>
            <View>
              {item.rank}. {item.title}
            </View>
            <View className="row muted">
              <Text>{item.unitName}</Text>
              {item.figures && <Text>{item.figures}</Text>}
              {item.photoCount > 0 && <Text>照片 {item.photoCount} 张</Text>}
            </View>
          </View>
        ))}
      </View>

      <View className="section" id="bulletin-previews">
        <View className="section-title">预览</View>
        <View className="row">
          <Button id="bulletin-preview-article" loading={busy === 'article'} disabled={!!busy} onClick={onArticle}>
            {article ? '刷新公众号文章预览' : '预览公众号文章'}
          </Button>
          <Button id="bulletin-docx" loading={busy === 'docx'} disabled={!!busy} onClick={onDocx}>
            下载通报文档（.docx）
          </Button>
        </View>
        {article && <ArticlePreview html={article} />}
      </View>

      <PublishPanel channels={channels} deliveries={deliveries} busy={busy === 'publish'} onPublish={onPublish} />
      <DeliveryList deliveries={deliveries} retrying={retrying} onRetry={(d) => void onRetry(d)} />

      <View className="row">
        <Text className="link-text" id="bulletin-round-link" onClick={() => void Taro.navigateTo({ url: `/packages/rank/pages/ranking/index?roundId=${bulletin.roundId}` })}>
          查看评选排名 ›
        </Text>
      </View>
    </View>
  );
}
