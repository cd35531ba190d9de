import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { PUBLIC_VOTE_STATUS_LABELS, type PublicResults, type PublicVoteDetail, type User } from '@liangdian/shared';
import { errorText, isApiError, me } from '../../../../api/client';
import { getPublicResults, getPublicVote } from '../../../../api/public-votes';
import { LoadError } from '../../../../components/load-error';
import { PageState } from '../../../../components/page-state';
import { formatDateTime } from '../../../report/lib/format';
import { ResultsBars } from '../../components/results-bars';
import { voteUrl } from '../../lib/navigation';
import { CreateForm } from './create-form';
import { FlaggedReview } from './flagged-review';
import { Recount } from './recount';
import '../../../report/components/report.scss';
import '../../../office/components/office.scss';
import '../../components/vote.scss';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; user: User; vote: PublicVoteDetail | null; results: PublicResults | null; resultsError: string };

const canManage = (user: User) => user.roles.includes('office') || user.roles.includes('admin');

/**
 * The office's page for the public vote. Without `?id=`: create a vote. With it: the results (the
 * office sees them even while hidden from the public), the recount, and the flagged-ballot review.
 */
export default function ManagePublicVotePage() {
  const { params } = useRouter();
  const id = typeof params.id === 'string' ? params.id : '';
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchAll = useCallback(async () => {
    try {
      const [user, vote] = await Promise.all([me(), id ? getPublicVote(id) : Promise.resolve(null)]);
      let results: PublicResults | null = null;
      let resultsError = '';
      if (vote && canManage(user)) {
        try {
          results = await getPublicResults(vote.id);
        } catch (error) {
          resultsError = errorText(error);
        }
      }
      setLoad({ status: 'ready', user, vote, results, resultsError });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad((current) => (current.status === 'ready' ? current : { status: 'failed', message: errorText(error) }));
    }
  }, [id]);

  useEffect(() => {
    void fetchAll();
  }, [fetchAll]);

  if (load.status !== 'ready') return <PageState load={load} loadingId="manage-loading" errorId="manage-error" onRetry={() => void fetchAll()} />;
  if (!canManage(load.user)) {
    return (
      <View className="page">
        <View className="section error-text" id="manage-forbidden">
          仅亮点办可以管理网络投票。
        </View>
      </View>
    );
  }

  const { vote, results } = load;
  if (!vote) {
    return (
      <View className="page" id="manage-page">
        <CreateForm />
      </View>
    );
  }
  return (
    <View className="page" id="manage-page" data-id={vote.id} data-status={vote.status}>
      <View className="section">
        <View className="detail-title">{vote.title}</View>
        <View className="row muted spaced">
          <Text className={`tag status-${vote.status}`} id="manage-status">
            {PUBLIC_VOTE_STATUS_LABELS[vote.status]}
          </Text>
          <Text>
            {formatDateTime(vote.opensAt)} 至 {formatDateTime(vote.closesAt)}
          </Text>
        </View>
        <View className="row muted">
          <Text>候选 {vote.candidates.length} 项</Text>
          <Text>每人每天 {vote.dailyLimit} 票</Text>
          <Text>{vote.hideCounts ? '结束前不向群众公布票数' : '投票期间公布票数'}</Text>
        </View>
        <View className="row">
          <Text className="link-text" id="manage-vote-link" onClick={() => void Taro.navigateTo({ url: voteUrl(vote.id) })}>
            查看投票页 ›
          </Text>
        </View>
      </View>

      {results && (
        <ResultsBars
          prefix="manage"
          candidates={vote.candidates}
          results={results}
          note={`可疑但仍计入 ${results.flagged} 票，经审核剔除 ${results.excluded} 票${vote.hideCounts && vote.status !== 'closed' ? '；群众端暂不显示票数' : ''}`}
        />
      )}
      {load.resultsError && <LoadError id="manage-results-error" message={load.resultsError} onRetry={() => void fetchAll()} />}
      <Recount voteId={vote.id} candidates={vote.candidates} onDone={() => void fetchAll()} />
      <FlaggedReview voteId={vote.id} onDecided={() => void fetchAll()} />
    </View>
  );
}
