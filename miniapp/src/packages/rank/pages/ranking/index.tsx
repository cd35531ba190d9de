import { useCallback, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Round } from '@liangdian/shared';
import { errorText, getAnyRoundResult, getRound, isAnnualResult, isApiError, isQuarterlyResult, type AnyRoundResult } from '../../../../api/client';
import { LoadError } from '../../../../components/load-error';
import { PageState } from '../../../../components/page-state';
import { useLiveRefresh } from '../../../../components/use-live-refresh';
import { RoundPublication } from '../../../publish/components/round-publication';
import { formatDateTime } from '../../../report/lib/format';
import { AnnualBars, MonthlyBars, QuarterlyBars } from '../../components/bars';
import { formatPeriod } from '../../lib/navigation';
import '../../../report/components/report.scss';
import '../../../office/components/office.scss';
import '../../components/rank.scss';

const STATUS_LABELS: Record<Round['status'], string> = { open: '进行中', tie: '并列待定', closed: '已结束' };

type Load =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; round: Round; result: AnyRoundResult | null; resultError: string; at: number };

/**
 * One round's ranking (`?roundId=`) as horizontal bars: votes for a monthly vote, the trimmed mean for
 * quarterly scoring (tap an item for how its score was reached). While the round is open the page
 * shows its progress only (counts stay hidden) and refreshes every 10 s until it closes.
 */
export default function RankingPage() {
  const { params } = useRouter();
  const roundId = Number(params.roundId ?? params.id) || 0;
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchAll = useCallback(async () => {
    if (!roundId) {
      setLoad({ status: 'failed', message: '缺少评选编号' });
      return;
    }
    try {
      const round = await getRound(roundId);
      let result: AnyRoundResult | null = null;
      let resultError = '';
      if (round.status !== 'open') {
        try {
          result = await getAnyRoundResult(roundId);
        } catch (error) {
          resultError = errorText(error);
        }
      }
      setLoad({ status: 'ready', round, result, resultError, at: Date.now() });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad((current) => (current.status === 'ready' ? current : { status: 'failed', message: errorText(error) }));
    }
  }, [roundId]);

  const live = load.status === 'ready' && load.round.status === 'open';
  useLiveRefresh({ load: fetchAll, live });

  if (load.status !== 'ready') return <PageState load={load} loadingId="ranking-loading" errorId="ranking-error" onRetry={() => void fetchAll()} />;

  const { round, result } = load;
  const quarterly = round.kind === 'quarterlyScore';
  const annual = round.kind === 'annualVote';
  const kindLabel = quarterly ? '季度评分' : annual ? '年度评选' : '月度投票';
  const period = annual ? `${round.month}年` : formatPeriod(round.month);
  return (
    <View className="page" id="ranking-page" data-round-id={round.id} data-status={round.status} data-kind={round.kind} data-live={live ? '1' : '0'}>
      <View className="section">
        <View className="detail-title">{round.title || `${period}${kindLabel}`}</View>
        <View className="row muted spaced">
          <Text className={`tag status-${round.status}`} id="ranking-status">
            {STATUS_LABELS[round.status]}
          </Text>
          <Text>{kindLabel}</Text>
          <Text>{period}</Text>
          <Text>评选 {round.selectCount} 项</Text>
          <Text>参评 {round.entries.length} 项</Text>
        </View>
        <View className="row muted">
          <Text>截止 {formatDateTime(round.endsAt)}</Text>
          {round.closedAt && <Text>结束于 {formatDateTime(round.closedAt)}</Text>}
        </View>
        {!quarterly && (
          <View className="muted" id="ranking-turnout" data-ballots={round.ballots} data-members={round.members}>
            {annual ? '委员会' : ''}已投票 {round.ballots} / {round.members} 人
          </View>
        )}
        {round.decisionReason && (
          <View className="spaced" id="ranking-decision-reason">
            <Text className="detail-label">亮点办决定理由</Text>
            <Text>{round.decisionReason}</Text>
          </View>
        )}
      </View>

      {live && (
        <View className="section" id="ranking-live">
          <View className="warn-text">{quarterly ? '评分进行中' : annual ? '评选进行中' : '投票进行中'}，结束后公布排名。</View>
          <View className="muted">本页每 10 秒自动刷新（上次 {formatDateTime(new Date(load.at).toISOString()).slice(11)}）。</View>
          <View className="spaced">
            {round.entries.map((e, i) => (
              <View className="sub-item" key={e.id} id={`ranking-entry-${e.id}`}>
                {i + 1}. {e.title}
                <Text className="muted">（{e.unit?.name ?? '未指定单位'}）</Text>
              </View>
            ))}
          </View>
        </View>
      )}
      {round.status === 'tie' && (
        <View className="section warn-text" id="ranking-tie">
          入选线上并列，等待亮点办决定；以下为当前排名。
        </View>
      )}
      {load.resultError && <LoadError id="ranking-result-error" message={load.resultError} onRetry={() => void fetchAll()} />}
      {result &&
        (isQuarterlyResult(result) ? <QuarterlyBars result={result} /> : isAnnualResult(result) ? <AnnualBars result={result} /> : <MonthlyBars result={result} />)}
      <RoundPublication round={round} prefix="ranking" />
    </View>
  );
}
