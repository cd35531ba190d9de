import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ROUND_STATUS_LABELS, type Round, type User } from '@liangdian/shared';
import {
  closeAnyRound,
  decideAnyRound,
  errorText,
  getAnyRoundResult,
  getRound,
  isAnnualResult,
  isApiError,
  isMonthlyResult,
  isQuarterlyResult,
  me,
  type AnyRoundResult,
} from '../../../../api/client';
import { LoadError } from '../../../../components/load-error';
import { PageState } from '../../../../components/page-state';
import { RoundPublication } from '../../../publish/components/round-publication';
import { formatDateTime, formatMonth } from '../../../report/lib/format';
import type { Notice } from '../../lib/hooks';
import { highlightsUrl } from '../../lib/navigation';
import { AnnualResultTable, PublicCounts } from './annual';
import { Ballot } from './ballot';
import { CloseRound, DecideTie, ResultTable, monthlyTieRows, type TieRow } from './office-actions';
import { AssignAssessors, CloseQuarter } from './quarterly';
import '../../../report/components/report.scss';
import '../../components/office.scss';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; round: Round; user: User; result: AnyRoundResult | null; resultError: string };

/**
 * One monthly vote (`?id=`): members cast or change their ballot; the office follows the turnout,
 * closes the vote, decides a tie at the cut-off, and everyone sees the ranked result once closed.
 */
export default function RoundPage() {
  const { params } = useRouter();
  const id = Number(params.id) || 0;
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [now, setNow] = useState(() => Date.now());

  const fetchAll = useCallback(async () => {
    if (!id) {
      setLoad({ status: 'failed', message: '缺少投票编号' });
      return;
    }
    setLoad((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    try {
      const [round, user] = await Promise.all([getRound(id), me()]);
      let result: AnyRoundResult | null = null;
      let resultError = '';
      if (round.status !== 'open') {
        try {
          result = await getAnyRoundResult(id);
        } catch (error) {
          resultError = errorText(error);
        }
      }
      setNow(Date.now());
      setLoad({ status: 'ready', round, user, result, resultError });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, [id]);

  useEffect(() => {
    void fetchAll();
  }, [fetchAll]);

  useDidShow(() => {
    if (load.status === 'ready') void fetchAll();
  });

  // The ballot closes by itself at `endsAt`: re-check the clock every half minute.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30000);
    return () => clearInterval(timer);
  }, []);

  const officeAction = async (action: () => Promise<AnyRoundResult>, done: (r: AnyRoundResult) => string): Promise<boolean> => {
    setBusy(true);
    setNotice(null);
    try {
      const result = await action();
      setNotice({ state: 'ok', text: done(result) });
      await fetchAll();
      return true;
    } catch (error) {
      setNotice({ state: 'error', text: errorText(error) });
      return false;
    } finally {
      setBusy(false);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
    }
  };

  if (load.status !== 'ready') return <PageState load={load} loadingId="round-loading" errorId="round-error" onRetry={fetchAll} />;

  const { round, user, result } = load;
  const isOffice = user.roles.includes('office');
  const annual = round.kind === 'annualVote';
  // Who votes: the review committee in the annual vote, the leading group in the monthly vote.
  const isMember = user.roles.includes(annual ? 'committee' : 'leadingGroup') || round.myBallot !== null;
  const expired = Date.parse(round.endsAt) <= now;

  const quarterly = round.kind === 'quarterlyScore';
  const noun = quarterly ? '评分' : '投票';
  const close = () =>
    void officeAction(
      () => closeAnyRound(round.id),
      (r) =>
        r.round.status === 'tie'
          ? `${noun}已结束：入选线上有 ${r.tie?.entryIds.length ?? 0} 项${quarterly ? '得分' : '票数'}并列，请决定`
          : `${noun}已结束，结果已产生`,
    );
  const decide = (entryIds: number[], reason: string) =>
    officeAction(() => decideAnyRound(round.id, { entryIds, reason }), () => `已记录决定，${quarterly ? '季度' : '月度'}亮点工作已确定`);
  const tieRows: TieRow[] = !result
    ? []
    : isQuarterlyResult(result)
      ? result.rows.map((r) => ({ entryId: r.entryId, title: r.title, unitName: r.unitName, value: r.score ? `${r.score.display} 分` : '未评分' }))
      : isAnnualResult(result)
        ? result.rows.map((r) => ({ entryId: r.entryId, title: r.title, unitName: r.unitName, value: `${r.score.display} 分` }))
        : monthlyTieRows(result);
  const title =
    round.title || (quarterly ? `${round.month}季度亮点工作评分` : annual ? `${round.month}年度十大亮点工作评选` : `${formatMonth(round.month)}月度亮点工作投票`);

  return (
    <View className="page" id="round-detail" data-id={round.id} data-status={round.status}>
      <View className="section">
        <View className="detail-title">{title}</View>
        <View className="row muted spaced">
          <Text className={`tag status-${round.status}`} id="round-status">
            {ROUND_STATUS_LABELS[round.status]}
          </Text>
          <Text>{quarterly ? round.month : annual ? `${round.month}年` : formatMonth(round.month)}</Text>
          <Text>评选 {round.selectCount} 项</Text>
          <Text>{quarterly ? '参评' : annual ? '候选' : '目录'} {round.entries.length} 项</Text>
        </View>
        <View className="row muted">
          <Text>截止 {formatDateTime(round.endsAt)}</Text>
          {round.closedAt && <Text>结束于 {formatDateTime(round.closedAt)}</Text>}
        </View>
        {!quarterly && (
          <View className="spaced" id="round-ballots" data-ballots={round.ballots} data-members={round.members}>
            {annual ? '委员会' : ''}已投票 {round.ballots} / {round.members} 人
          </View>
        )}
        {round.status === 'open' && <View className="muted">{quarterly ? '评分结束前不显示得分。' : '投票结束前不显示票数。'}</View>}
        <View className="row">
          <Text className="link-text" id="round-ranking-link" onClick={() => void Taro.navigateTo({ url: `/packages/rank/pages/ranking/index?roundId=${round.id}` })}>
            查看排名 ›
          </Text>
        </View>
      </View>

      {notice && (
        <View className={`section ${notice.state === 'ok' ? 'ok-text' : 'error-text'}`} id="round-message" data-state={notice.state}>
          {notice.text}
        </View>
      )}

      {isOffice && quarterly && round.status === 'open' && <AssignAssessors round={round} />}
      {isOffice && annual && round.status === 'open' && <PublicCounts round={round} expired={expired} />}
      {isOffice && round.status === 'open' && (quarterly ? <CloseQuarter busy={busy} expired={expired} onClose={close} /> : <CloseRound busy={busy} expired={expired} annual={annual} onClose={close} />)}
      {isOffice && round.status === 'tie' && result && (
        <DecideTie key={result.tie?.entryIds.join(',')} tie={result.tie} rows={tieRows} busy={busy} onDecide={decide} />
      )}
      {!isOffice && round.status === 'tie' && (
        <View className="section warn-text" id="round-tie-pending">
          入选线上{quarterly ? '得分' : '票数'}并列，等待亮点办决定。
        </View>
      )}

      {round.status !== 'open' && load.resultError && (
        <LoadError id="round-result-error" message={load.resultError} onRetry={fetchAll} />
      )}
      {result && isMonthlyResult(result) && <ResultTable result={result} />}
      {result && isAnnualResult(result) && <AnnualResultTable result={result} />}
      <RoundPublication round={round} office={isOffice} prefix="round" />
      {round.status === 'closed' && round.kind === 'monthlyVote' && (
        <View className="row">
          <Text className="link-text" id="round-highlights-link" onClick={() => void Taro.navigateTo({ url: highlightsUrl(round.month) })}>
            查看{formatMonth(round.month)}月度亮点工作 ›
          </Text>
        </View>
      )}

      {isMember && !quarterly && round.status === 'open' && (
        <Ballot round={round} expired={expired} onSaved={(r) => setLoad({ ...load, round: r })} />
      )}
      {(!isMember || quarterly) && round.status === 'open' && !(isOffice && (quarterly || annual)) && (
        <View className="section" id="round-entries">
          <View className="section-title">参评事项（{round.entries.length}）</View>
          {round.entries.map((e, i) => (
            <View className="sub-item" key={e.id} id={`round-entry-${e.id}`}>
              {i + 1}. {e.title}
              <Text className="muted">（{e.unit?.name ?? '未指定单位'}）</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
