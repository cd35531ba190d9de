import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { errorText, isApiError, listRoundPage, type RoundSummary } from '../../../../api/client';
import { PageState } from '../../../../components/page-state';
import { useLiveRefresh } from '../../../../components/use-live-refresh';
import { formatDateTime } from '../../../report/lib/format';
import { assessmentUrl, formatPeriod, rankingUrl } from '../../lib/navigation';
import '../../../report/components/report.scss';
import '../../../office/components/office.scss';
import '../../components/rank.scss';

const KIND_LABELS: Record<string, string> = { monthlyVote: '月度投票', quarterlyScore: '季度评分', annualVote: '年度评选' };
const STATUS_LABELS: Record<RoundSummary['status'], string> = { open: '进行中', tie: '并列待定', closed: '已结束' };

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; rounds: RoundSummary[] };

/**
 * Every round's ranking for the office and the leaders, newest first: monthly votes and quarterly
 * scoring. A round still open shows as 进行中 (its results come only after it closes); while one is
 * open the list refreshes every 10 s.
 */
export default function RankingsPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchAll = useCallback(async () => {
    try {
      const page = await listRoundPage(1, 100);
      const rounds = [...page.items].sort((a, b) => b.id - a.id);
      setLoad({ status: 'ready', rounds });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad((current) => (current.status === 'ready' ? current : { status: 'failed', message: errorText(error) }));
    }
  }, []);

  const anyOpen = load.status === 'ready' && load.rounds.some((r) => r.status === 'open');
  useLiveRefresh({ load: fetchAll, live: anyOpen });

  if (load.status !== 'ready') return <PageState load={load} loadingId="rankings-loading" errorId="rankings-error" onRetry={() => void fetchAll()} />;
  return (
    <View className="page" id="rankings-page">
      <View className="section" id="rankings-list" data-total={load.rounds.length} data-live={anyOpen ? '1' : '0'}>
        <View className="row">
          <Text className="section-title">评选结果</Text>
          <Text
            className="link-text"
            id="rankings-assessment-link"
            onClick={() => void Taro.navigateTo({ url: assessmentUrl(new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear()) })}
          >
            单位量化考核 ›
          </Text>
        </View>
        {anyOpen && <View className="muted">有评选正在进行，本页每 10 秒自动刷新；结果在结束后公布。</View>}
        {load.rounds.length === 0 && (
          <View className="muted" id="rankings-empty">
            还没有评选
          </View>
        )}
        {load.rounds.map((r) => (
          <View
            className="list-item"
            key={r.id}
            id={`ranking-round-${r.id}`}
            data-status={r.status}
            data-kind={r.kind}
            onClick={() => void Taro.navigateTo({ url: rankingUrl(r.id) })}
          >
            <View className="list-item-title">{r.title || `${r.kind === 'annualVote' ? `${r.month}年` : formatPeriod(r.month)}${KIND_LABELS[r.kind] ?? ''}`}</View>
            <View className="row muted">
              <Text className={`tag status-${r.status}`}>{STATUS_LABELS[r.status]}</Text>
              <Text>{KIND_LABELS[r.kind] ?? r.kind}</Text>
              <Text>{r.kind === 'annualVote' ? `${r.month}年` : formatPeriod(r.month)}</Text>
              <Text>评选 {r.selectCount} 项</Text>
            </View>
            <View className="row muted">
              <Text>{r.status === 'open' ? `截止 ${formatDateTime(r.endsAt)}` : `结束于 ${formatDateTime(r.closedAt)}`}</Text>
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}
