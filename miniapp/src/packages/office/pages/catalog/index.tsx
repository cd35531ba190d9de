import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CATEGORY_LABELS, ROUND_STATUS_LABELS, type LedgerEntry, type MonthKey, type User } from '@liangdian/shared';
import { errorText, getCatalog, isApiError, listRounds, me, openRound, type RoundSummary } from '../../../../api/client';
import { LoadState } from '../../../../components/page-state';
import { formatDateTime, formatMonth } from '../../../report/lib/format';
import { fieldId } from '../../../report/lib/hooks';
import { DateTimeField } from '../../components/date-time-field';
import { MonthBar } from '../../components/month-bar';
import { usePageMonth } from '../../lib/hooks';
import { entryUrl, roundUrl } from '../../lib/navigation';
import { shanghaiDaysLater, shanghaiInstant, toShanghaiIso, type LocalDateTime } from '../../lib/time';
import '../../../report/components/report.scss';
import '../../components/office.scss';

const DEFAULT_SELECT_COUNT = 20;
const MAX_SELECT_COUNT = 200;

type Load =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; items: LedgerEntry[]; user: User; round: RoundSummary | null; roundsError: string };

/** 县每月亮点工作目录: the month's entries that passed on-site verification; the office opens the vote on it. */
export default function CatalogPage() {
  const [month, setMonth] = usePageMonth();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [opening, setOpening] = useState(false);

  const fetchAll = useCallback(async () => {
    setLoad((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    try {
      const [items, user, rounds] = await Promise.all([
        getCatalog(month),
        me(),
        listRounds().then(
          (list) => ({ list, error: '' }),
          (error: unknown) => ({ list: [] as RoundSummary[], error: errorText(error) }),
        ),
      ]);
      const round = rounds.list.find((r) => r.month === month && r.kind === 'monthlyVote') ?? null;
      setLoad({ status: 'ready', items, user, round, roundsError: rounds.error });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, [month]);

  useEffect(() => {
    void fetchAll();
  }, [fetchAll]);

  useDidShow(() => {
    if (load.status === 'ready') void fetchAll();
  });

  const changeMonth = (next: MonthKey) => {
    setOpening(false);
    setLoad({ status: 'loading' });
    setMonth(next);
  };

  return (
    <View className="page" id="catalog-page" data-month={month}>
      <View className="section">
        <MonthBar id="catalog-month" value={month} onChange={changeMonth} />
      </View>
      <LoadState load={load} loadingId="catalog-loading" errorId="catalog-error" onRetry={() => void fetchAll()} />
      {load.status === 'ready' && (
        <>
          <RoundBlock
            month={month}
            load={load}
            opening={opening}
            setOpening={setOpening}
          />
          <View className="section" id="catalog-list" data-total={load.items.length}>
            <View className="section-title">
              {formatMonth(month)}目录（{load.items.length}项）
            </View>
            {load.items.length === 0 && (
              <View className="muted" id="catalog-empty">
                本月还没有通过现场核查的事项
              </View>
            )}
            {load.items.map((entry, i) => (
              <View
                className="list-item"
                key={entry.id}
                id={`catalog-item-${entry.id}`}
                onClick={() => {
                  if (load.user.roles.includes('office')) void Taro.navigateTo({ url: entryUrl(entry.id) });
                }}
              >
                <View className="list-item-title">
                  {i + 1}. {entry.title}
                </View>
                <View className="row muted">
                  <Text>{entry.unit?.name ?? '未指定单位'}</Text>
                  {entry.category && <Text>{CATEGORY_LABELS[entry.category]}</Text>}
                  {entry.inspection && (
                    <Text>
                      {entry.inspection.inspectorName} {formatDateTime(entry.inspection.visitedAt)} 现场核查通过
                    </Text>
                  )}
                </View>
                {entry.summary && <View className="muted clamp-3">{entry.summary}</View>}
              </View>
            ))}
          </View>
        </>
      )}
    </View>
  );
}

function RoundBlock({
  month,
  load,
  opening,
  setOpening,
}: {
  month: MonthKey;
  load: Extract<Load, { status: 'ready' }>;
  opening: boolean;
  setOpening: (open: boolean) => void;
}) {
  const isOffice = load.user.roles.includes('office');
  const { round } = load;
  if (round) {
    return (
      <View
        className="section"
        id="catalog-round"
        data-round-id={round.id}
        data-status={round.status}
        onClick={() => void Taro.navigateTo({ url: roundUrl(round.id) })}
      >
        <View className="section-title">{round.title}</View>
        <View className="row muted">
          <Text className={`tag status-${round.status}`}>{ROUND_STATUS_LABELS[round.status]}</Text>
          <Text>评选 {round.selectCount} 项</Text>
          <Text>截止 {formatDateTime(round.endsAt)}</Text>
        </View>
        <Text className="link-text" id="catalog-round-link">
          {isOffice ? '进入投票管理 ›' : '进入投票 ›'}
        </Text>
      </View>
    );
  }
  if (!isOffice) {
    return (
      <View className="section muted" id="catalog-no-round">
        {formatMonth(month)}尚未发起投票
      </View>
    );
  }
  if (opening) return <OpenRoundForm month={month} onCancel={() => setOpening(false)} />;
  const empty = load.items.length === 0;
  return (
    <View className="section" id="catalog-round-none">
      <View className="muted">{formatMonth(month)}尚未发起月度投票。</View>
      {load.roundsError && <View className="error-text">投票列表加载失败：{load.roundsError}</View>}
      <View className="spaced">
        <Button id="round-open" type="primary" block disabled={empty} onClick={() => setOpening(true)}>
          发起月度投票
        </Button>
      </View>
      {empty && <View className="field-hint">目录为空，须有通过现场核查的事项才能发起投票。</View>}
    </View>
  );
}

function OpenRoundForm({ month, onCancel }: { month: MonthKey; onCancel: () => void }) {
  const [count, setCount] = useState(String(DEFAULT_SELECT_COUNT));
  const [endsAt, setEndsAt] = useState<LocalDateTime>(() => shanghaiDaysLater(new Date(), 3, '18:00'));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  const confirm = async () => {
    const selectCount = Number(count.trim());
    if (!Number.isInteger(selectCount) || selectCount < 1 || selectCount > MAX_SELECT_COUNT) {
      return setMessage(`评选数量须为 1 到 ${MAX_SELECT_COUNT} 之间的整数`);
    }
    const iso = toShanghaiIso(endsAt);
    const at = shanghaiInstant(endsAt);
    if (!iso || !at) return setMessage('请填写投票截止时间');
    if (at.getTime() <= Date.now()) return setMessage('截止时间须晚于现在');
    setBusy(true);
    setMessage('');
    try {
      const round = await openRound({ month, selectCount, endsAt: iso });
      void Taro.navigateTo({ url: roundUrl(round.id) });
      // Back on this page, the round shows in place of the form.
      onCancel();
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="section" id="round-open-form">
      <View className="section-title">发起{formatMonth(month)}月度投票</View>
      <View className="field-label">
        评选数量<Text className="required">*</Text>
      </View>
      <Input
        {...fieldId('round-select-count')}
        className="field-input"
        type="number"
        value={count}
        onInput={(e) => setCount(e.detail.value)}
      />
      <View className="field-hint">领导小组成员每人最多选这么多项，得票前 N 项为月度亮点工作（视实际情况而定，默认20项）</View>
      <View className="field-label">
        投票截止时间<Text className="required">*</Text>
      </View>
      <DateTimeField id="round-ends-at" value={endsAt} onChange={setEndsAt} disabled={busy} />
      {message && (
        <View className="error-text spaced" id="round-open-message">
          {message}
        </View>
      )}
      <View className="row spaced">
        <Button id="round-open-confirm" type="primary" loading={busy} disabled={busy} onClick={() => void confirm()}>
          发起投票
        </Button>
        <Button id="round-open-cancel" disabled={busy} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}
