import { useCallback, useEffect, useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { SIGNAL_KINDS, SIGNAL_LABELS, type FlaggedBallotList, type SignalKind } from '@liangdian/shared';
import { errorText } from '../../../../api/client';
import { decideBallots, listFlaggedBallots } from '../../../../api/public-votes';
import type { Notice } from '../../../office/lib/hooks';
import { ChoiceRow } from '../../../report/components/choice-row';
import { fieldId } from '../../../report/lib/hooks';
import { FlaggedRow } from './flagged-row';

type State = 'flagged' | 'excluded' | 'all';
const STATES = [
  { value: 'all' as const, label: '全部' },
  { value: 'flagged' as const, label: '计入中' },
  { value: 'excluded' as const, label: '已剔除' },
];
const KINDS: { value: SignalKind | 'any'; label: string }[] = [{ value: 'any', label: '全部信号' }, ...SIGNAL_KINDS.map((k) => ({ value: k, label: SIGNAL_LABELS[k] }))];
const PAGE_SIZE = 20;

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; list: FlaggedBallotList };

/**
 * The office's review of flagged ballots. A flagged ballot counts until the office excludes it, and
 * only with a written reason (domain.md: never silently); a wrong exclusion is reinstated the same way.
 */
export function FlaggedReview({ voteId, onDecided }: { voteId: string; onDecided: () => void }) {
  const [state, setState] = useState<State>('all');
  const [kind, setKind] = useState<SignalKind | 'any'>('any');
  const [ip, setIp] = useState('');
  const [device, setDevice] = useState('');
  const [page, setPage] = useState(1);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [selected, setSelected] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const fetchPage = useCallback(async () => {
    try {
      const list = await listFlaggedBallots(voteId, { state, kind: kind === 'any' ? undefined : kind, ip: ip || undefined, device: device || undefined, page, pageSize: PAGE_SIZE });
      setLoad({ status: 'ready', list });
      // A selection only ever holds rows that are on screen.
      setSelected((ids) => ids.filter((id) => list.items.some((b) => b.id === id)));
    } catch (error) {
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, [voteId, state, kind, ip, device, page]);

  useEffect(() => {
    void fetchPage();
  }, [fetchPage]);

  // A new filter starts again on its first page.
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  const toggle = (id: string) => setSelected((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));

  const decide = async (exclude: boolean) => {
    if (selected.length === 0) return setNotice({ state: 'error', text: '请先选择选票' });
    if (reason.trim().length < 2) return setNotice({ state: 'error', text: '请填写理由' });
    setBusy(true);
    setNotice(null);
    try {
      const changed = await decideBallots(voteId, { ballotIds: selected, exclude, reason: reason.trim() });
      setNotice({ state: 'ok', text: `${exclude ? '已剔除' : '已恢复计入'} ${changed} 张选票` });
      setSelected([]);
      setReason('');
      await fetchPage();
      onDecided();
    } catch (error) {
      setNotice({ state: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const list = load.status === 'ready' ? load.list : null;
  const pages = list ? Math.max(1, Math.ceil(list.total / list.pageSize)) : 1;
  const allOnPage = !!list && list.items.length > 0 && list.items.every((b) => selected.includes(b.id));
  return (
    <View className="section" id="flagged">
      <View className="section-title">可疑选票审核</View>
      <View className="muted">可疑选票在亮点办剔除前照常计入；剔除或恢复都须填写理由并留存记录。</View>
      {list && (
        <View className="spaced" id="flagged-summary" data-flagged={list.summary.flagged} data-excluded={list.summary.excluded}>
          <View className="row">
            <Text>计入中的可疑选票 {list.summary.flagged} 张</Text>
            <Text>已剔除 {list.summary.excluded} 张</Text>
          </View>
          <View className="row muted">
            {Object.entries(list.summary.byKind).map(([k, n]) => (
              <Text key={k} id={`flagged-summary-${k}`} data-count={n}>
                {SIGNAL_LABELS[k as SignalKind] ?? k} {n}
              </Text>
            ))}
          </View>
        </View>
      )}
      <View className="field-label">状态</View>
      <ChoiceRow id="flagged-state" options={STATES} value={state} onChange={filter(setState)} />
      <View className="field-label">信号</View>
      <ChoiceRow id="flagged-kind" options={KINDS} value={kind} onChange={filter(setKind)} />
      {(ip || device) && (
        <View className="row spaced">
          {ip && (
            <Text className="filter-chip" id="flagged-filter-ip" onClick={() => filter(setIp)('')}>
              IP {ip} ×
            </Text>
          )}
          {device && (
            <Text className="filter-chip" id="flagged-filter-device" onClick={() => filter(setDevice)('')}>
              设备 {device.slice(0, 12)} ×
            </Text>
          )}
        </View>
      )}

      {load.status === 'loading' && <View className="muted spaced">加载中…</View>}
      {load.status === 'failed' && (
        <View className="error-text spaced" id="flagged-error">
          {load.message}
        </View>
      )}
      {list && (
        <View className="spaced" id="flagged-list" data-total={list.total}>
          {list.items.length === 0 ? (
            <View className="muted" id="flagged-empty">
              没有符合条件的可疑选票
            </View>
          ) : (
            <View className="row">
              <Text className="link-text" id="flagged-select-all" onClick={() => setSelected(allOnPage ? [] : list.items.map((b) => b.id))}>
                {allOnPage ? '取消全选' : '全选本页'}
              </Text>
              <Text className="muted">已选 {selected.length} 张</Text>
            </View>
          )}
          {list.items.map((b) => (
            <FlaggedRow key={b.id} ballot={b} checked={selected.includes(b.id)} onToggle={toggle} onFilterIp={filter(setIp)} onFilterDevice={filter(setDevice)} />
          ))}
          {pages > 1 && (
            <View className="row spaced">
              <Button id="flagged-prev" size="small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                上一页
              </Button>
              <Text id="flagged-page">
                第 {page} / {pages} 页
              </Text>
              <Button id="flagged-next" size="small" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                下一页
              </Button>
            </View>
          )}
        </View>
      )}

      <View className="field-label">处理理由</View>
      <Textarea {...fieldId('flagged-reason')} className="field-textarea" placeholder="如：同一IP一分钟内集中投票，经核实为刷票" maxlength={200} value={reason} onInput={(e) => setReason(e.detail.value)} />
      {notice && (
        <View className={`spaced ${notice.state === 'ok' ? 'ok-text' : 'error-text'}`} id="flagged-message" data-state={notice.state}>
          {notice.text}
        </View>
      )}
      <View className="row spaced">
        <Button id="flagged-exclude" type="primary" loading={busy} disabled={busy || selected.length === 0} onClick={() => void decide(true)}>
          剔除所选
        </Button>
        <Button id="flagged-reinstate" disabled={busy || selected.length === 0} onClick={() => void decide(false)}>
          恢复计入
        </Button>
      </View>
    </View>
  );
}
