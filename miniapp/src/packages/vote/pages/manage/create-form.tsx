import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { CreatePublicVoteRequest, LedgerEntry } from '@liangdian/shared';
import { errorText, listLedger, listRoundPage, type RoundSummary } from '../../../../api/client';
import { createPublicVote } from '../../../../api/public-votes';
import { DateTimeField } from '../../../office/components/date-time-field';
import type { Notice } from '../../../office/lib/hooks';
import { shanghaiDaysLater, shanghaiInstant, shanghaiLocal, toShanghaiIso, type LocalDateTime } from '../../../office/lib/time';
import { ChoiceRow } from '../../../report/components/choice-row';
import { fieldId } from '../../../report/lib/hooks';
import { manageUrl } from '../../lib/navigation';

type Source = 'round' | 'entries';
const SOURCES = [
  { value: 'round' as const, label: '年度评选的候选事项' },
  { value: 'entries' as const, label: '从台账选择事项' },
];
const COUNTS = [
  { value: 'show' as const, label: '投票期间公布票数' },
  { value: 'hide' as const, label: '结束前不公布票数' },
];

/** Rounds and ledger entries load apart: an admin without the office role may read neither, or one. */
type Options<T> = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; items: T[] };

/** Checks what the server would refuse, in Chinese, before sending; null when the form is complete. */
function problem(title: string, opensAt: LocalDateTime, closesAt: LocalDateTime, limit: number, source: Source, roundId: number | null, entryIds: number[]): string | null {
  if (title.trim().length < 2) return '请填写投票标题（至少 2 个字）';
  const opens = shanghaiInstant(opensAt);
  const closes = shanghaiInstant(closesAt);
  if (!opens) return '请填写正确的开始时间';
  if (!closes) return '请填写正确的结束时间';
  if (closes <= opens) return '结束时间须晚于开始时间';
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) return '每人每天票数应为 1 至 50 的整数';
  if (source === 'round' && !roundId) return '请选择年度评选';
  if (source === 'entries' && entryIds.length < 2) return '请至少选择 2 项候选事项';
  return null;
}

/** 发起网络投票: title, window, daily allowance, whether counts show while it runs, and the candidates. */
export function CreateForm() {
  const [title, setTitle] = useState('');
  const [opensAt, setOpensAt] = useState<LocalDateTime>(() => shanghaiLocal(new Date()));
  const [closesAt, setClosesAt] = useState<LocalDateTime>(() => shanghaiDaysLater(new Date(), 7, '18:00'));
  const [limit, setLimit] = useState('10');
  const [counts, setCounts] = useState<'show' | 'hide'>('show');
  const [source, setSource] = useState<Source>('round');
  const [roundId, setRoundId] = useState<number | null>(null);
  const [entryIds, setEntryIds] = useState<number[]>([]);
  const [rounds, setRounds] = useState<Options<RoundSummary>>({ status: 'loading' });
  const [entries, setEntries] = useState<Options<LedgerEntry>>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  useEffect(() => {
    let live = true;
    // `GET /rounds` has no kind filter: one page of 100 holds years of annual rounds.
    listRoundPage(1, 100).then(
      (page) => {
        if (!live) return;
        const annual = page.items.filter((r) => r.kind === 'annualVote').sort((a, b) => b.month.localeCompare(a.month) || b.id - a.id);
        setRounds({ status: 'ready', items: annual });
        if (annual.length === 0) setSource('entries');
        else setRoundId(annual[0].id);
      },
      (error: unknown) => live && setRounds({ status: 'failed', message: errorText(error) }),
    );
    listLedger({ status: 'passed', pageSize: 100 }).then(
      (page) => live && setEntries({ status: 'ready', items: page.items }),
      (error: unknown) => live && setEntries({ status: 'failed', message: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, []);

  const toggleEntry = (id: number) => setEntryIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));

  const submit = async () => {
    const dailyLimit = Number(limit);
    const refused = problem(title, opensAt, closesAt, dailyLimit, source, roundId, entryIds);
    if (refused) return setNotice({ state: 'error', text: refused });
    const body: CreatePublicVoteRequest = {
      title: title.trim(),
      opensAt: toShanghaiIso(opensAt)!,
      closesAt: toShanghaiIso(closesAt)!,
      dailyLimit,
      hideCounts: counts === 'hide',
      ...(source === 'round' ? { roundId: roundId! } : { entryIds }),
    };
    setBusy(true);
    setNotice(null);
    try {
      const created = await createPublicVote(body);
      void Taro.redirectTo({ url: manageUrl(created.id) });
    } catch (error) {
      setNotice({ state: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const shown = source === 'round' ? rounds : entries;
  return (
    <View className="section" id="manage-create-form">
      <View className="section-title">发起网络投票</View>
      <View className="muted">每个微信账号每天对每个候选事项最多投 1 票，每天最多投设定的票数。</View>
      <View className="field-label">投票标题</View>
      <Input {...fieldId('manage-title')} className="field-input" value={title} placeholder="如：2026年度十大亮点工作网络投票" onInput={(e) => setTitle(e.detail.value)} />
      <View className="field-label">开始时间</View>
      <DateTimeField id="manage-opens-at" value={opensAt} onChange={setOpensAt} />
      <View className="field-label">结束时间</View>
      <DateTimeField id="manage-closes-at" value={closesAt} onChange={setClosesAt} />
      <View className="field-label">每人每天票数</View>
      <Input {...fieldId('manage-daily-limit')} className="field-input" type="number" value={limit} onInput={(e) => setLimit(e.detail.value)} />
      <View className="field-label">票数公布</View>
      <ChoiceRow id="manage-hide-counts" options={COUNTS} value={counts} onChange={setCounts} />
      <View className="field-label">候选事项</View>
      <ChoiceRow id="manage-source" options={SOURCES} value={source} onChange={setSource} />
      {shown.status === 'loading' && <View className="muted spaced">加载中…</View>}
      {shown.status === 'failed' && <View className="error-text spaced">{shown.message}</View>}
      {rounds.status === 'ready' && source === 'round' && (
        <View className="spaced" id="manage-rounds">
          {rounds.items.length === 0 ? (
            <View className="muted">还没有年度评选，请从台账选择事项。</View>
          ) : (
            <ChoiceRow
              id="manage-round"
              options={rounds.items.map((r) => ({ value: String(r.id), label: r.title || `${r.month}年度评选` }))}
              value={roundId ? String(roundId) : null}
              onChange={(v) => setRoundId(Number(v))}
            />
          )}
        </View>
      )}
      {entries.status === 'ready' && source === 'entries' && (
        <View className="spaced" id="manage-entries" data-count={entryIds.length}>
          <View className="muted">已核实的台账事项，已选 {entryIds.length} 项（至少 2 项）</View>
          {entries.items.length === 0 && <View className="muted">台账中还没有已核实的事项。</View>}
          {entries.items.map((e) => {
            const checked = entryIds.includes(e.id);
            return (
              <View key={e.id} className="check-row" id={`manage-entry-${e.id}`} data-checked={checked ? '1' : '0'} onClick={() => toggleEntry(e.id)}>
                <Text className={`check-box ${checked ? 'check-box-on' : ''}`}>{checked ? '✓' : ''}</Text>
                <View className="check-body">
                  <View>{e.title}</View>
                  <View className="muted">{e.unit?.name ?? '未指定单位'}</View>
                </View>
              </View>
            );
          })}
        </View>
      )}
      {notice && (
        <View className={`spaced ${notice.state === 'ok' ? 'ok-text' : 'error-text'}`} id="manage-create-message" data-state={notice.state}>
          {notice.text}
        </View>
      )}
      <View className="spaced">
        <Button id="manage-create" type="primary" block loading={busy} disabled={busy} onClick={() => void submit()}>
          发起投票
        </Button>
      </View>
    </View>
  );
}
