import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { MonthHighlights, MonthKey } from '@liangdian/shared';
import { errorText, getMonthHighlights, isApiError } from '../../../../api/client';
import { LoadState } from '../../../../components/page-state';
import { formatMonth } from '../../../report/lib/format';
import { MonthBar } from '../../components/month-bar';
import { usePageMonth } from '../../lib/hooks';
import '../../../report/components/report.scss';
import '../../components/office.scss';

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; highlights: MonthHighlights };

/**
 * 月度亮点工作 for anyone signed in (`?month=`). Without a month it opens on the month before the
 * current submission month: the last month whose call has closed, so the one most likely voted on.
 */
export default function HighlightsPage() {
  const [month, setMonth] = usePageMonth(-1);
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchMonth = useCallback(async (target: MonthKey) => {
    setLoad({ status: 'loading' });
    try {
      setLoad({ status: 'ready', highlights: await getMonthHighlights(target) });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, []);

  useEffect(() => {
    void fetchMonth(month);
  }, [fetchMonth, month]);

  return (
    <View className="page" id="highlights-page" data-month={month}>
      <View className="section">
        <MonthBar id="highlights-month" value={month} onChange={setMonth} />
      </View>
      <LoadState load={load} loadingId="highlights-loading" errorId="highlights-error" onRetry={() => void fetchMonth(month)} />
      {load.status === 'ready' && (
        <View className="section" id="highlights-list" data-total={load.highlights.items.length} data-round-id={load.highlights.roundId ?? ''}>
          <View className="section-title">{formatMonth(load.highlights.month)}月度亮点工作</View>
          {load.highlights.items.length === 0 && (
            <View className="muted" id="highlights-empty">
              {load.highlights.roundId === null ? '本月评选尚未结束，暂无月度亮点工作' : '本月没有入选的亮点工作'}
            </View>
          )}
          {load.highlights.items.map((h) => (
            <View className="result-row result-selected" key={h.entryId} id={`highlight-${h.entryId}`} data-rank={h.rank} data-votes={h.votes}>
              <Text className="result-rank">{h.rank}</Text>
              <View className="result-body">
                <View>{h.title}</View>
                <View className="muted">{h.unitName ?? '未指定单位'}</View>
              </View>
              <Text className="muted">{h.votes} 票</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
