import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PUBLIC_VOTE_STATUS_LABELS, type PublicVote, type PublicVoteStatus } from '@liangdian/shared';
import { errorText, getToken, isApiError, me } from '../../../../api/client';
import { listPublicVotes } from '../../../../api/public-votes';
import { LoadState } from '../../../../components/page-state';
import { formatDateTime } from '../../../report/lib/format';
import { manageUrl, voteUrl } from '../../lib/navigation';
import '../../../report/components/report.scss';
import '../../../office/components/office.scss';
import '../../components/vote.scss';

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; votes: PublicVote[]; isOffice: boolean };

/** Open votes first, then those to come, then the finished ones; newest first within each. */
const ORDER: Record<PublicVoteStatus, number> = { open: 0, scheduled: 1, closed: 2 };

/** The public votes (网络投票): anyone signed in opens one to vote; the office also creates and manages them. */
export default function PublicVoteListPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchAll = useCallback(async () => {
    setLoad((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    try {
      const [votes, user] = await Promise.all([listPublicVotes(), getToken() ? me().catch(() => null) : Promise.resolve(null)]);
      const sorted = [...votes].sort((a, b) => ORDER[a.status] - ORDER[b.status] || b.opensAt.localeCompare(a.opensAt));
      const isOffice = !!user && (user.roles.includes('office') || user.roles.includes('admin'));
      setLoad({ status: 'ready', votes: sorted, isOffice });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, []);

  useDidShow(() => {
    void fetchAll();
  });

  return (
    <View className="page" id="public-votes-page">
      <LoadState load={load} loadingId="public-votes-loading" errorId="public-votes-error" onRetry={() => void fetchAll()} />
      {load.status === 'ready' && (
        <>
          {load.isOffice && (
            <View className="section">
              <View className="muted">发起网络投票：候选事项取自年度评选或台账中的事项。</View>
              <View className="spaced">
                <Button id="public-votes-create" type="primary" block onClick={() => void Taro.navigateTo({ url: manageUrl() })}>
                  发起网络投票
                </Button>
              </View>
            </View>
          )}
          <View className="section" id="public-votes-list" data-total={load.votes.length}>
            {load.votes.length === 0 && (
              <View className="muted" id="public-votes-empty">
                目前没有网络投票
              </View>
            )}
            {load.votes.map((v) => (
              <View
                className="list-item"
                key={v.id}
                id={`public-vote-item-${v.id}`}
                data-status={v.status}
                onClick={() => void Taro.navigateTo({ url: voteUrl(v.id) })}
              >
                <View className="list-item-title">{v.title}</View>
                <View className="row muted">
                  <Text className={`tag status-${v.status}`}>{PUBLIC_VOTE_STATUS_LABELS[v.status]}</Text>
                  <Text>
                    {formatDateTime(v.opensAt)} 至 {formatDateTime(v.closesAt)}
                  </Text>
                </View>
                <View className="row muted">
                  <Text>每人每天 {v.dailyLimit} 票</Text>
                  {v.hideCounts && <Text>结束前不公布票数</Text>}
                  {load.isOffice && (
                    <Text
                      className="link-text"
                      id={`public-vote-manage-${v.id}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        void Taro.navigateTo({ url: manageUrl(v.id) });
                      }}
                    >
                      管理 ›
                    </Text>
                  )}
                </View>
              </View>
            ))}
          </View>
        </>
      )}
    </View>
  );
}
