import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { DEFAULT_QUARTERLY_SETTINGS, ROUND_STATUS_LABELS, checkScores, scoreSheet, type Criterion, type MyRounds, type RoundStatus, type Scores, type User } from '@liangdian/shared';
import { errorText, isApiError, listMyRounds, me, myScoreItems, type AssignedItem } from '../../../../api/client';
import { PageState } from '../../../../components/page-state';
import { useLiveRefresh } from '../../../../components/use-live-refresh';
import { formatDateTime } from '../../../report/lib/format';
import { createOutbox, type Outbox, type OutboxSheet, type SendOutcome } from '../../lib/outbox';
import '../../../report/components/report.scss';
import '../../../office/components/office.scss';
import '../../components/rank.scss';

const RUBRIC = DEFAULT_QUARTERLY_SETTINGS.rubric;
const LAST_ROUND_KEY = 'liangdian.scoreRound';

/** 0, step, 2·step … max, without float drift (0.5 steps stay 8.5, not 8.499999). */
function choicesOf(c: Criterion): number[] {
  const n = Math.round(c.max / c.step);
  return Array.from({ length: n + 1 }, (_, i) => Number((i * c.step).toFixed(6)));
}

type ItemState = 'none' | 'pending' | 'sent';
type MyRound = MyRounds['items'][number];
type Load =
  | { status: 'loading' }
  | { status: 'noRound'; rounds: MyRound[] }
  | { status: 'failed'; message: string; rounds: MyRound[] }
  | { status: 'ready'; user: User; items: AssignedItem[]; rounds: MyRound[]; roundStatus: RoundStatus; endsAt: string };

/** The round to open when none is named: the first still open (the list is newest first), else the newest. */
function pickRound(rounds: MyRound[]): number {
  return (rounds.find((r) => r.status === 'open') ?? rounds[0])?.id ?? 0;
}
type ItemNote = { state: 'ok' | 'error' | 'warn'; text: string };

function readRoundId(param: unknown): number {
  const fromParam = Number(param);
  if (Number.isSafeInteger(fromParam) && fromParam > 0) return fromParam;
  try {
    const last = Number(Taro.getStorageSync(LAST_ROUND_KEY));
    return Number.isSafeInteger(last) && last > 0 ? last : 0;
  } catch {
    return 0;
  }
}

/**
 * The assessor's scoring of a quarterly round (`?roundId=`): one rubric form per assigned item, the
 * live weighted total, checks before sending, and the outbox (`lib/outbox.ts`): 提交 keeps the sheet on
 * the phone first and sends it; what could not be sent goes again when the page shows, when the
 * network comes back, or with 重新发送.
 */
export default function ScorePage() {
  const { params } = useRouter();
  const [roundId, setRoundId] = useState(() => readRoundId(params.roundId));
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [drafts, setDrafts] = useState<Record<number, Scores>>({});
  const [waiting, setWaiting] = useState<OutboxSheet[]>([]);
  const [notes, setNotes] = useState<Record<number, ItemNote>>({});
  const [message, setMessage] = useState<ItemNote | null>(null);
  const [sending, setSending] = useState(false);
  const outboxRef = useRef<Outbox | null>(null);

  const refreshWaiting = useCallback(() => {
    setWaiting(outboxRef.current ? outboxRef.current.list() : []);
  }, []);

  /** What the answers of a flush mean for each item and for the page's message line. */
  const applyOutcomes = useCallback(
    (outcomes: SendOutcome[]) => {
      const mine = outcomes.filter((o) => o.roundId === roundId);
      if (mine.length === 0) return;
      setNotes((current) => {
        const next = { ...current };
        for (const o of mine) {
          if (o.result === 'sent') next[o.entryId] = { state: 'ok', text: `已提交，总分 ${o.sheet.total}` };
          else if (o.result === 'refused') next[o.entryId] = { state: 'error', text: `服务器未接受：${o.message}` };
          else next[o.entryId] = { state: 'warn', text: `已保存在本机，待发送（${o.message}）` };
        }
        return next;
      });
      setLoad((current) => {
        if (current.status !== 'ready') return current;
        const sent = new Map(mine.filter((o) => o.result === 'sent').map((o) => [o.entryId, o]));
        if (sent.size === 0) return current;
        return {
          ...current,
          items: current.items.map((it) => {
            const o = sent.get(it.entryId);
            return o && o.result === 'sent' ? { ...it, sheet: o.sheet } : it;
          }),
        };
      });
      const kept = mine.filter((o) => o.result === 'kept').length;
      const refused = mine.filter((o) => o.result === 'refused');
      const sentCount = mine.filter((o) => o.result === 'sent').length;
      if (refused.length) setMessage({ state: 'error', text: `有 ${refused.length} 份评分未被接受：${refused[0].result === 'refused' ? refused[0].message : ''}` });
      else if (kept) setMessage({ state: 'warn', text: `${kept} 份评分已保存在本机，网络恢复后自动发送` });
      else if (sentCount) setMessage({ state: 'ok', text: `已提交 ${sentCount} 份评分` });
    },
    [roundId],
  );

  const flush = useCallback(async () => {
    const outbox = outboxRef.current;
    if (!outbox || outbox.list().length === 0) return;
    setSending(true);
    try {
      applyOutcomes(await outbox.flush());
    } finally {
      setSending(false);
      refreshWaiting();
    }
  }, [applyOutcomes, refreshWaiting]);

  const fetchAll = useCallback(async () => {
    setLoad((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    let rounds: MyRound[] = [];
    try {
      const [user, list] = await Promise.all([me(), listMyRounds()]);
      rounds = list;
      if (!outboxRef.current) outboxRef.current = createOutbox(user.id);
      refreshWaiting();
      // A round remembered from before that is no longer mine gives way to the list's choice.
      const chosen = roundId && (rounds.length === 0 || rounds.some((r) => r.id === roundId)) ? roundId : pickRound(rounds);
      if (!chosen) {
        setLoad({ status: 'noRound', rounds });
        return;
      }
      if (chosen !== roundId) {
        setRoundId(chosen);
        return;
      }
      // Waiting sheets go first, so the list below shows what the server now holds.
      await flush();
      const mine = await myScoreItems(roundId);
      Taro.setStorageSync(LAST_ROUND_KEY, roundId);
      setLoad({ status: 'ready', user, items: mine.entries, rounds, roundStatus: mine.status, endsAt: mine.endsAt });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error), rounds });
    }
  }, [roundId, flush, refreshWaiting]);

  const chooseRound = (id: number) => {
    if (id === roundId) return;
    setDrafts({});
    setNotes({});
    setMessage(null);
    setLoad({ status: 'loading' });
    setRoundId(id);
  };

  const roundPicker = (rounds: MyRound[]) =>
    rounds.length > 0 && (
      <View className="section" id="score-rounds" data-total={rounds.length}>
        <View className="section-title">我的评分轮次</View>
        {rounds.map((r) => (
          <View
            key={r.id}
            className={`list-item ${r.id === roundId ? 'score-round-current' : ''}`}
            id={`score-round-${r.id}`}
            data-status={r.status}
            data-current={r.id === roundId ? '1' : '0'}
            onClick={() => chooseRound(r.id)}
          >
            <View className="list-item-title">{r.title || `${r.quarter}季度评分`}</View>
            <View className="row muted">
              <Text className={`tag status-${r.status}`}>{ROUND_STATUS_LABELS[r.status]}</Text>
              <Text>
                已评 {r.scored}/{r.assigned} 项
              </Text>
              <Text>截止 {formatDateTime(r.endsAt)}</Text>
              {r.id === roundId && <Text className="selected-tag">当前</Text>}
            </View>
          </View>
        ))}
      </View>
    );

  // Again whenever the page shows (back from another page or from the background); nothing to poll.
  useLiveRefresh({ load: fetchAll });

  // The network coming back sends what waits.
  const flushRef = useRef(flush);
  flushRef.current = flush;
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') {
      const online = () => void flushRef.current();
      window.addEventListener('online', online);
      return () => window.removeEventListener('online', online);
    }
    const onChange = (res: { isConnected: boolean }) => {
      if (res.isConnected) void flushRef.current();
    };
    Taro.onNetworkStatusChange(onChange);
    return () => {
      const off = (Taro as unknown as { offNetworkStatusChange?: (cb: typeof onChange) => void }).offNetworkStatusChange;
      off?.(onChange);
    };
  }, []);

  const waitingFor = useMemo(() => new Map(waiting.filter((s) => s.roundId === roundId).map((s) => [s.entryId, s])), [waiting, roundId]);

  const scoresOf = (item: AssignedItem): Scores => drafts[item.entryId] ?? waitingFor.get(item.entryId)?.scores ?? item.sheet?.scores ?? {};

  const choose = (item: AssignedItem, key: string, value: number) => {
    setDrafts((current) => ({ ...current, [item.entryId]: { ...scoresOf(item), [key]: value } }));
    setNotes((current) => {
      const next = { ...current };
      delete next[item.entryId];
      return next;
    });
  };

  const submit = async (item: AssignedItem) => {
    const outbox = outboxRef.current;
    if (!outbox) return;
    const scores = scoresOf(item);
    const check = checkScores(RUBRIC, scores);
    if (!check.ok) {
      setNotes((current) => ({ ...current, [item.entryId]: { state: 'error', text: check.message } }));
      setMessage({ state: 'error', text: check.message });
      return;
    }
    try {
      outbox.put(roundId, item.entryId, scores);
    } catch {
      setMessage({ state: 'error', text: '无法保存到本机存储，请清理手机空间后重试' });
      return;
    }
    setDrafts((current) => {
      const next = { ...current };
      delete next[item.entryId];
      return next;
    });
    refreshWaiting();
    await flush();
  };

  if (load.status === 'loading' || load.status === 'failed') {
    return (
      <PageState load={load} loadingId="score-loading" errorId="score-error" onRetry={() => void fetchAll()}>
        {load.status === 'failed' && roundPicker(load.rounds)}
      </PageState>
    );
  }
  if (load.status === 'noRound') {
    return (
      <View className="page" id="score-page">
        <View className="section" id="score-no-round">
          <View className="section-title">季度评分</View>
          <View className="muted">目前没有指派给您的评分事项。亮点办指派后，评分轮次会列在这里。</View>
        </View>
      </View>
    );
  }
  const closed = load.roundStatus !== 'open';

  const waitingHere = [...waitingFor.values()];
  return (
    <View className="page" id="score-page" data-round-id={roundId} data-status={load.roundStatus}>
      {roundPicker(load.rounds)}
      {closed && (
        <View className="section warn-text" id="score-closed" data-status={load.roundStatus}>
          本轮评分{load.roundStatus === 'tie' ? '已结束（得分并列，待亮点办决定）' : '已结束'}，不能再提交或修改评分。以下为您已提交的评分。
        </View>
      )}
      {!closed && (
        <View className="section muted" id="score-ends-at">
          截止 {formatDateTime(load.endsAt)}
        </View>
      )}
      <View className="section">
        <View className="section-title">季度亮点工作评分</View>
        <View className="muted">
          按评分细则逐项打分（每项满分 {RUBRIC.criteria[0]?.max ?? 10} 分，乘以权重后合计，满分 {RUBRIC.criteria.reduce((s, c) => s + c.weight, 0)} 分）。
          提交时先保存在本机再发送，网络不好也不会丢失。
        </View>
        <View className="row spaced">
          <Text id="score-outbox" data-count={waitingHere.length} className={waitingHere.length ? 'warn-text' : 'muted'}>
            {waitingHere.length ? `待发送 ${waitingHere.length} 份` : '没有待发送的评分'}
          </Text>
          {waitingHere.length > 0 && (
            <Button id="score-resend" size="small" type="primary" loading={sending} disabled={sending} onClick={() => void flush()}>
              重新发送
            </Button>
          )}
        </View>
      </View>

      {message && (
        <View className={`section ${message.state === 'ok' ? 'ok-text' : message.state === 'warn' ? 'warn-text' : 'error-text'}`} id="score-message" data-state={message.state}>
          {message.text}
        </View>
      )}

      {load.items.length === 0 && (
        <View className="section muted" id="score-empty">
          本轮没有指派给您的评分事项。
        </View>
      )}

      {load.items.map((item) => {
        const scores = scoresOf(item);
        const pending = waitingFor.get(item.entryId);
        const state: ItemState = pending ? 'pending' : item.sheet ? 'sent' : 'none';
        const edited = !!drafts[item.entryId];
        const complete = checkScores(RUBRIC, scores).ok;
        const total = complete ? scoreSheet(RUBRIC, scores).total.display : null;
        const filled = RUBRIC.criteria.filter((c) => typeof scores[c.key] === 'number').length;
        const note = notes[item.entryId];
        return (
          <View className="section" key={item.entryId} id={`score-item-${item.entryId}`} data-state={state}>
            <View className="row score-head">
              <View className="score-title">{item.title}</View>
              <Text className={`tag score-state-${state}`}>{state === 'pending' ? '待发送' : state === 'sent' ? '已提交' : '未评分'}</Text>
            </View>
            <View className="muted">{item.unitName ?? '未指定单位'}</View>
            {state === 'sent' && item.sheet && !edited && <View className="muted">服务器已收到：总分 {item.sheet.total}</View>}
            {pending && pending.lastError && <View className="warn-text">上次发送失败：{pending.lastError}</View>}

            {RUBRIC.criteria.map((c) => (
              <View className="score-criterion" key={c.key} id={`score-${item.entryId}-${c.key}`} data-value={scores[c.key] ?? ''}>
                <View className="row score-criterion-head">
                  <Text className="score-label">{c.label}</Text>
                  <Text className="muted">权重 {c.weight}</Text>
                  <Text className="score-chosen">{typeof scores[c.key] === 'number' ? `${scores[c.key]} 分` : '未打分'}</Text>
                </View>
                <View className="score-choices">
                  {choicesOf(c).map((v) => (
                    <View
                      key={v}
                      id={`score-${item.entryId}-${c.key}-${v}`}
                      className={`score-choice ${scores[c.key] === v ? 'choice-selected' : ''}`}
                      onClick={() => choose(item, c.key, v)}
                    >
                      {v}
                    </View>
                  ))}
                </View>
              </View>
            ))}

            <View className="row spaced score-foot">
              <View id={`score-${item.entryId}-total`} data-total={total ?? ''} className="score-total">
                {total !== null ? `加权总分 ${total}` : `已评 ${filled}/${RUBRIC.criteria.length} 项`}
              </View>
              <Button id={`score-${item.entryId}-submit`} type="primary" size="small" disabled={sending || closed} onClick={() => void submit(item)}>
                {state === 'none' ? '提交' : '提交修改'}
              </Button>
            </View>
            {note && (
              <View className={`spaced ${note.state === 'ok' ? 'ok-text' : note.state === 'warn' ? 'warn-text' : 'error-text'}`} id={`score-${item.entryId}-message`}>
                {note.text}
              </View>
            )}
          </View>
        );
      })}
    </View>
  );
}
