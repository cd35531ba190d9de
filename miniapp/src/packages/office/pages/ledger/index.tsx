import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { CATEGORY_LABELS, LEDGER_STATUSES, LEDGER_STATUS_LABELS, type LedgerStatus, type ReportKind } from '@liangdian/shared';
import { errorText, isApiError, listLedger, type LedgerPage } from '../../../../api/client';
import { exportLedger } from '../../../../api/publication';
import { LoadState } from '../../../../components/page-state';
import { Pager } from '../../../../components/pager';
import { ExportButton } from '../../../publish/components/export-button';
import { ChoiceRow } from '../../../report/components/choice-row';
import { KIND_LABELS, formatMonth } from '../../../report/lib/format';
import { MonthBar } from '../../components/month-bar';
import { bestScore, formatScore } from '../../lib/choices';
import { usePageMonth } from '../../lib/hooks';
import { catalogUrl, entryUrl } from '../../lib/navigation';
import '../../../report/components/report.scss';
import '../../components/office.scss';

const PAGE_SIZE = 20;
const ALL = 'all';
type All = typeof ALL;

const STATUS_OPTIONS: { value: LedgerStatus | All; label: string }[] = [
  { value: ALL, label: '全部' },
  ...LEDGER_STATUSES.map((s) => ({ value: s, label: LEDGER_STATUS_LABELS[s] })),
];
const SOURCE_OPTIONS: { value: ReportKind | All; label: string }[] = [
  { value: ALL, label: '全部' },
  { value: 'report', label: KIND_LABELS.report },
  { value: 'recommendation', label: KIND_LABELS.recommendation },
];

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; page: LedgerPage };

/** 亮点办的台账: one month's entries, each with its sources and any suspected duplicate. */
export default function LedgerPage() {
  const [month, setMonth] = usePageMonth();
  const [status, setStatus] = useState<LedgerStatus | All>(ALL);
  const [source, setSource] = useState<ReportKind | All>(ALL);
  const [page, setPage] = useState(1);
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchPage = useCallback(async () => {
    setLoad((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    try {
      const answer = await listLedger({
        month,
        status: status === ALL ? undefined : status,
        source: source === ALL ? undefined : source,
        page,
        pageSize: PAGE_SIZE,
      });
      setLoad({ status: 'ready', page: answer });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, [month, status, source, page]);

  useEffect(() => {
    void fetchPage();
  }, [fetchPage]);

  // Back from an entry: it may have been merged away, assigned or verified.
  useDidShow(() => {
    if (load.status === 'ready') void fetchPage();
  });

  const filter = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setPage(1);
  };

  return (
    <View className="page" id="ledger-page" data-month={month}>
      <View className="section" id="ledger-filters">
        <MonthBar id="ledger-month" value={month} onChange={filter(setMonth)} />
        <View className="field-label">状态</View>
        <ChoiceRow id="ledger-filter-status" options={STATUS_OPTIONS} value={status} onChange={filter(setStatus)} />
        <View className="field-label">来源</View>
        <ChoiceRow id="ledger-filter-source" options={SOURCE_OPTIONS} value={source} onChange={filter(setSource)} />
        <View className="row spaced">
          <Text className="link-text" id="ledger-catalog-link" onClick={() => void Taro.navigateTo({ url: catalogUrl(month) })}>
            查看{formatMonth(month)}亮点工作目录 ›
          </Text>
        </View>
        <View className="spaced">
          <ExportButton id="ledger-export" label={`导出${formatMonth(month)}台账`} run={() => exportLedger(month)} />
        </View>
      </View>

      <LoadState load={load} loadingId="ledger-loading" errorId="ledger-error" onRetry={() => void fetchPage()} />
      {load.status === 'ready' && (
        <>
          <View className="section" id="ledger-list" data-total={load.page.total}>
            {load.page.items.length === 0 && (
              <View className="muted" id="ledger-empty">
                {formatMonth(month)}台账中没有符合条件的事项
              </View>
            )}
            {load.page.items.map((entry) => {
              const best = bestScore(entry.duplicates);
              return (
                <View
                  className="list-item"
                  key={entry.id}
                  id={`ledger-item-${entry.id}`}
                  data-status={entry.status}
                  data-sources={entry.sources.length}
                  onClick={() => void Taro.navigateTo({ url: entryUrl(entry.id) })}
                >
                  <View className="list-item-title">{entry.title}</View>
                  <View className="row muted">
                    <Text className={`tag status-${entry.status}`}>{LEDGER_STATUS_LABELS[entry.status]}</Text>
                    {best !== null && (
                      <Text className="badge-dup" id={`ledger-dup-badge-${entry.id}`} data-score={best}>
                        疑似重复 {formatScore(best)}
                      </Text>
                    )}
                  </View>
                  <View className="row muted">
                    <Text>{entry.unit?.name ?? '未指定单位'}</Text>
                    {entry.category && <Text>{CATEGORY_LABELS[entry.category]}</Text>}
                    <Text>来源 {entry.sources.length} 项</Text>
                    {entry.inspector && <Text>核查人 {entry.inspector.name}</Text>}
                  </View>
                </View>
              );
            })}
          </View>
          <Pager id="ledger" page={page} paged={load.page} onChange={setPage} />
        </>
      )}
    </View>
  );
}
