import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ROUND_STATUS_LABELS, type User } from '@liangdian/shared';
import { errorText, isApiError, listRounds, me, type RoundSummary } from '../../../../api/client';
import { LoadState } from '../../../../components/page-state';
import { formatDateTime, formatMonth } from '../../../report/lib/format';
import { OFFICE_PAGES, roundUrl } from '../../lib/navigation';
import { AnnualOpen } from './annual-open';
import { QuarterOpen } from './quarter-open';
import '../../../report/components/report.scss';
import '../../components/office.scss';

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; rounds: RoundSummary[]; user: User };

/** Every monthly vote, newest month first: members vote, the office follows and closes them. */
export default function RoundsPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchAll = useCallback(async () => {
    setLoad((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    try {
      const [rounds, user] = await Promise.all([listRounds(), me()]);
      const sorted = [...rounds].sort((a, b) => b.month.localeCompare(a.month) || b.id - a.id);
      setLoad({ status: 'ready', rounds: sorted, user });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, []);

  useDidShow(() => {
    void fetchAll();
  });

  return (
    <View className="page" id="rounds-page">
      <LoadState load={load} loadingId="rounds-loading" errorId="rounds-error" onRetry={() => void fetchAll()} />
      {load.status === 'ready' && (
        <>
          {load.user.roles.includes('office') && (
            <View className="section">
              <View className="muted">在月度目录中发起新的投票。</View>
              <View className="spaced">
                <Button id="rounds-go-catalog" block onClick={() => void Taro.navigateTo({ url: OFFICE_PAGES.catalog })}>
                  查看月度目录
                </Button>
              </View>
            </View>
          )}
          {load.user.roles.includes('office') && <QuarterOpen />}
          {load.user.roles.includes('office') && <AnnualOpen />}
          <View className="section" id="rounds-list" data-total={load.rounds.length}>
            {load.rounds.length === 0 && (
              <View className="muted" id="rounds-empty">
                还没有评选
              </View>
            )}
            {load.rounds.map((r) => (
              <View
                className="list-item"
                key={r.id}
                id={`round-item-${r.id}`}
                data-status={r.status}
                data-month={r.month}
                data-kind={r.kind}
                onClick={() => void Taro.navigateTo({ url: roundUrl(r.id) })}
              >
                <View className="list-item-title">
                  {r.title || (r.kind === 'quarterlyScore' ? `${r.month}季度评分` : r.kind === 'annualVote' ? `${r.month}年度亮点工作评选` : `${formatMonth(r.month)}月度亮点工作投票`)}
                </View>
                <View className="row muted">
                  <Text className={`tag status-${r.status}`}>{ROUND_STATUS_LABELS[r.status]}</Text>
                  <Text>{r.kind === 'quarterlyScore' ? `${r.month} 季度评分` : r.kind === 'annualVote' ? `${r.month} 年度评选` : formatMonth(r.month)}</Text>
                  <Text>评选 {r.selectCount} 项</Text>
                </View>
                <View className="row muted">
                  {r.kind !== 'quarterlyScore' && (
                    <Text>
                      已投票 {r.ballots}/{r.members} 人
                    </Text>
                  )}
                  <Text>{r.status === 'open' ? `截止 ${formatDateTime(r.endsAt)}` : `结束于 ${formatDateTime(r.closedAt)}`}</Text>
                </View>
              </View>
            ))}
          </View>
        </>
      )}
    </View>
  );
}
