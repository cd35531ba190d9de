import { useRef, useState } from 'react';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { PUBLIC_VOTE_STATUS_LABELS, chinaDay } from '@liangdian/shared';
import { errorText, isApiError } from '../../../../api/client';
import { castPublicBallots } from '../../../../api/public-votes';
import { LoadError } from '../../../../components/load-error';
import { PageState } from '../../../../components/page-state';
import { formatDateTime } from '../../../report/lib/format';
import { CandidateRow } from '../../components/candidate-row';
import { ResultsBars } from '../../components/results-bars';
import { ShareCard } from '../../components/share-card';
import { afterBallot, outcomesOf, toggleCandidate, type Outcome } from '../../lib/ballot';
import { manageUrl, voteUrl } from '../../lib/navigation';
import { usePublicVote } from './use-public-vote';
import '../../../report/components/report.scss';
import '../../../office/components/office.scss';
import '../../components/vote.scss';

type Failure = { code: string; message: string } | null;

/** A little over the server's one-second cache of the results (public-votes.service). */
const RESULTS_SETTLE_MS = 1500;

/**
 * One public vote (`?id=`): tick up to what is left of today's allowance, send, and read per
 * candidate whether it counted or why not. The results show as bars when they are public, refreshing
 * every 10 s while the vote is open.
 */
export default function PublicVotePage() {
  const { params } = useRouter();
  const id = typeof params.id === 'string' ? params.id : '';
  const { load, results, live, fetchAll, refreshLive, setMy, refreshMy } = usePublicVote(id);
  const [selected, setSelected] = useState<string[]>([]);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [failure, setFailure] = useState<Failure>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const title = useRef('网络投票');
  if (load.status === 'ready') title.current = load.vote.title;
  useShareAppMessage(() => ({ title: `${title.current}，快来投票`, path: voteUrl(id) }));

  if (load.status !== 'ready') return <PageState load={load} loadingId="vote-loading" errorId="vote-load-error" onRetry={() => void fetchAll()} />;

  const { vote, user, my } = load;
  const open = vote.status === 'open';
  const voted = my?.candidateIds ?? [];
  const remaining = my ? my.remaining : vote.dailyLimit;
  const isOffice = !!user && (user.roles.includes('office') || user.roles.includes('admin'));

  const toggle = (candidateId: string) => {
    if (!open || busy) return;
    const next = toggleCandidate(selected, candidateId, remaining, voted);
    if (next.refused === 'voted') setNotice('今天已为该项投过票，明天可再投');
    else if (next.refused === 'limit') setNotice(remaining > 0 ? `今日最多还可投 ${remaining} 票` : '今天的投票次数已用完，明天可再投');
    else setNotice('');
    setSelected(next.selected);
  };

  const submit = async () => {
    if (selected.length === 0) {
      setNotice('请至少选择一项');
      return;
    }
    setBusy(true);
    setFailure(null);
    setNotice('');
    try {
      const answer = await castPublicBallots(vote.id, selected);
      setOutcomes(outcomesOf(answer));
      setMy({ day: my?.day ?? chinaDay(new Date()), ...afterBallot(voted, remaining, answer) });
      setSelected([]);
      void refreshMy();
      // The server keeps the totals for a second: ask once that has passed, so they include this ballot.
      setTimeout(() => void refreshLive(), RESULTS_SETTLE_MS);
    } catch (error) {
      setFailure({ code: isApiError(error) ? error.code : 'NETWORK_ERROR', message: errorText(error) });
      // The window may have closed under the page: show the vote as it now is.
      if (isApiError(error) && error.code === 'VOTE_NOT_OPEN') void refreshLive();
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page" id="vote-page" data-id={vote.id} data-status={vote.status}>
      <View className="section">
        <View className="detail-title" id="vote-title">
          {vote.title}
        </View>
        <View className="row muted spaced">
          <Text className={`tag status-${vote.status}`} id="vote-status">
            {PUBLIC_VOTE_STATUS_LABELS[vote.status]}
          </Text>
          <Text>
            {formatDateTime(vote.opensAt)} 至 {formatDateTime(vote.closesAt)}
          </Text>
        </View>
        <View className="muted">每人每天最多投 {vote.dailyLimit} 票，每天对同一项只能投 1 票。</View>
        {isOffice && (
          <View className="row spaced">
            <Text className="link-text" id="vote-manage-link" onClick={() => void Taro.navigateTo({ url: manageUrl(vote.id) })}>
              管理本次投票（结果、重新计票、可疑选票审核） ›
            </Text>
          </View>
        )}
      </View>

      {open && (
        <View className="section">
          <View className={`counter ${remaining - selected.length <= 0 ? 'counter-full' : ''}`} id="vote-remaining" data-remaining={remaining} data-selected={selected.length}>
            今日还可投 {remaining} 票
          </View>
          <View className="muted">已选 {selected.length} 项{load.myError ? `（今日投票记录未能读取：${load.myError}）` : ''}</View>
        </View>
      )}
      {vote.status === 'scheduled' && (
        <View className="section warn-text" id="vote-not-open">
          投票尚未开始，{formatDateTime(vote.opensAt)} 开始。
        </View>
      )}
      {vote.status === 'closed' && (
        <View className="section muted" id="vote-not-open">
          投票已结束。
        </View>
      )}

      <View className="section" id="vote-candidates" data-count={vote.candidates.length}>
        <View className="section-title">候选事项（{vote.candidates.length}）</View>
        {vote.candidates.map((c) => (
          <CandidateRow
            key={c.id}
            candidate={c}
            checked={selected.includes(c.id)}
            voted={voted.includes(c.id)}
            disabled={!open || busy}
            outcome={outcomes[c.id]}
            onToggle={toggle}
          />
        ))}
        {notice && (
          <View className="spaced warn-text" id="vote-notice">
            {notice}
          </View>
        )}
        {failure && (
          <View className="spaced error-text" id="vote-error" data-code={failure.code}>
            {failure.message}
          </View>
        )}
        {open && (
          <View className="spaced">
            <Button id="vote-submit" type="primary" block loading={busy} disabled={busy} onClick={() => void submit()}>
              {selected.length ? `投票（${selected.length} 项）` : '请选择候选事项'}
            </Button>
          </View>
        )}
      </View>

      {results.state === 'shown' && (
        <ResultsBars prefix="vote" candidates={vote.candidates} results={results.results} note={live ? '投票进行中，本页每 10 秒自动刷新' : undefined} />
      )}
      {results.state === 'hidden' && (
        <View className="section muted" id="vote-results-hidden">
          结果暂不公布，投票结束后公布。
        </View>
      )}
      {results.state === 'failed' && <LoadError id="vote-results-error" message={results.message} onRetry={() => void refreshLive()} />}

      <ShareCard title={vote.title} />
    </View>
  );
}
