import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { BULLETIN_STATUS_LABELS, type BulletinList } from '@liangdian/shared';
import { errorText, isApiError, listRoundPage, type RoundSummary } from '../../../../api/client';
import { listBulletins } from '../../../../api/publication';
import { LoadState } from '../../../../components/page-state';
import { formatDateTime } from '../../../report/lib/format';
import { formatPeriod } from '../../../rank/lib/navigation';
import { PUBLISH_PAGES, bulletinUrl } from '../../lib/navigation';
import '../../../report/components/report.scss';
import '../../../office/components/office.scss';
import '../../components/publish.scss';

const KIND_LABELS: Record<RoundSummary['kind'], string> = { monthlyVote: '月度评选', quarterlyScore: '季度评选', annualVote: '年度评选' };

type BulletinSummary = BulletinList['items'][number];
type Load =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; rounds: RoundSummary[]; bulletins: Map<number, BulletinSummary> };

/** 通报发布: every closed round, newest first, with its bulletin's state; each opens its bulletin (made as a draft on first visit). */
export default function BulletinsPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchAll = useCallback(async () => {
    try {
      const [page, bulletins] = await Promise.all([listRoundPage(1, 100), listBulletins()]);
      const closed = page.items.filter((r) => r.status === 'closed');
      closed.sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? '') || b.id - a.id);
      setLoad({ status: 'ready', rounds: closed, bulletins: new Map(bulletins.map((b) => [b.roundId, b])) });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad((current) => (current.status === 'ready' ? current : { status: 'failed', message: errorText(error) }));
    }
  }, []);

  useDidShow(() => {
    void fetchAll();
  });

  return (
    <View className="page" id="bulletins-page">
      <View className="section">
        <View className="muted">评选结束后，在这里生成《督查通报》，预览后推送到公众号和媒体平台。</View>
        <View className="spaced">
          <Button id="bulletins-channels-link" block onClick={() => void Taro.navigateTo({ url: PUBLISH_PAGES.channels })}>
            推送渠道
          </Button>
        </View>
      </View>
      <LoadState load={load} loadingId="bulletins-loading" errorId="bulletins-error" onRetry={() => void fetchAll()} />
      {load.status === 'ready' && (
        <View className="section" id="bulletins-list" data-total={load.rounds.length}>
          <View className="section-title">已结束的评选</View>
          {load.rounds.length === 0 && (
            <View className="muted" id="bulletins-empty">
              还没有结束的评选
            </View>
          )}
          {load.rounds.map((r) => {
            const bulletin = load.bulletins.get(r.id);
            return (
              <View
                className="list-item"
                key={r.id}
                id={`bulletins-round-${r.id}`}
                data-kind={r.kind}
                data-bulletin-status={bulletin?.status ?? 'none'}
                onClick={() => void Taro.navigateTo({ url: bulletinUrl(r.id) })}
              >
                <View className="list-item-title">{r.title || `${r.kind === 'annualVote' ? `${r.month}年` : formatPeriod(r.month)}${KIND_LABELS[r.kind]}`}</View>
                <View className="row muted">
                  <Text className="tag">{KIND_LABELS[r.kind]}</Text>
                  <Text className={`tag bulletin-${bulletin?.status ?? 'none'}`}>{bulletin ? `通报${BULLETIN_STATUS_LABELS[bulletin.status]}` : '未生成通报'}</Text>
                  <Text>结束于 {formatDateTime(r.closedAt)}</Text>
                </View>
                {bulletin && <View className="muted">{bulletin.title}</View>}
                <Text className="link-text">{bulletin ? '查看通报 ›' : '生成通报 ›'}</Text>
              </View>
            );
          })}
        </View>
      )}
    </View>
  );
}
