import { useCallback, useEffect, useMemo, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  CONTENT_CHECK_LABELS,
  DEFAULT_MONTHLY_WINDOW,
  REPORT_STATUS_LABELS,
  submissionMonth,
  type Report,
  type ReportKind,
  type ReportStatus,
} from '@liangdian/shared';
import { errorText, getConfig, isApiError, listReports, receiveReport, type ReportPage } from '../../../../api/client';
import { LoadState } from '../../../../components/page-state';
import { Pager } from '../../../../components/pager';
import { ChoiceRow } from '../../components/choice-row';
import { DetailPanel } from '../../components/detail-panel';
import { ReviewActions } from '../../components/review-actions';
import { KIND_LABELS, formatDateTime, formatMonth, recentMonths } from '../../lib/format';
import { awaitsOffice } from '../../lib/workflow';
import '../../components/report.scss';

const PAGE_SIZE = 20;
const ALL = 'all';
type All = typeof ALL;

const KIND_OPTIONS: { value: ReportKind | All; label: string }[] = [
  { value: ALL, label: '全部' },
  { value: 'report', label: KIND_LABELS.report },
  { value: 'recommendation', label: KIND_LABELS.recommendation },
];
/**
 * What the inbox holds: signed-off and received unit reports, submitted and received recommendations
 * (a returned item goes back to its author and leaves the inbox).
 */
const INBOX_STATUSES: ReportStatus[] = ['signedOff', 'submitted', 'received'];
const STATUS_OPTIONS: { value: ReportStatus | All; label: string }[] = [
  { value: ALL, label: '全部' },
  ...INBOX_STATUSES.map((s) => ({ value: s, label: REPORT_STATUS_LABELS[s] })),
];

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; page: ReportPage };

/** 亮点办: everything that reached the office, filtered by month, kind and status; 接收 or 退回. */
export default function InboxPage() {
  const [currentMonth, setCurrentMonth] = useState(() => submissionMonth(new Date(), DEFAULT_MONTHLY_WINDOW));
  const [month, setMonth] = useState<string>(ALL);
  const [kind, setKind] = useState<ReportKind | All>(ALL);
  const [status, setStatus] = useState<ReportStatus | All>(ALL);
  const [page, setPage] = useState(1);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [selected, setSelected] = useState<number | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    getConfig().then(
      (c) => setCurrentMonth(submissionMonth(new Date(), { cutoffDay: c.monthlyCutoffDay })),
      () => undefined,
    );
  }, []);

  const monthOptions = useMemo(
    () => [{ value: ALL, label: '全部' }, ...recentMonths(currentMonth, 6).map((m) => ({ value: m, label: formatMonth(m) }))],
    [currentMonth],
  );

  const fetchPage = useCallback(async () => {
    setLoad((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    try {
      const answer = await listReports({
        scope: 'inbox',
        month: month === ALL ? undefined : month,
        kind: kind === ALL ? undefined : kind,
        status: status === ALL ? undefined : status,
        page,
        pageSize: PAGE_SIZE,
      });
      setLoad({ status: 'ready', page: answer });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, [month, kind, status, page]);

  useEffect(() => {
    void fetchPage();
  }, [fetchPage]);

  useDidShow(() => {
    if (load.status === 'ready') void fetchPage();
  });

  const filter = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setPage(1);
    setMessage('');
  };

  const done = (text: string) => {
    setMessage(text);
    setSelected(null);
    void fetchPage();
  };

  if (selected !== null) {
    return (
      <View className="page" id="inbox-page" data-view="detail">
        <DetailPanel id={selected} onBack={() => setSelected(null)} actions={(report) => <InboxActions report={report} onDone={done} />} />
      </View>
    );
  }

  return (
    <View className="page" id="inbox-page" data-view="list">
      {message && (
        <View className="section ok-text" id="inbox-message">
          {message}
        </View>
      )}
      <View className="section" id="inbox-filters">
        <View className="field-label">月份</View>
        <ChoiceRow id="inbox-filter-month" options={monthOptions} value={month} onChange={filter(setMonth)} />
        <View className="field-label">来源</View>
        <ChoiceRow id="inbox-filter-kind" options={KIND_OPTIONS} value={kind} onChange={filter(setKind)} />
        <View className="field-label">状态</View>
        <ChoiceRow id="inbox-filter-status" options={STATUS_OPTIONS} value={status} onChange={filter(setStatus)} />
      </View>

      <LoadState load={load} loadingId="inbox-loading" errorId="inbox-error" onRetry={() => void fetchPage()} />
      {load.status === 'ready' && (
        <>
          <View className="section" id="inbox-list" data-total={load.page.total}>
            {load.page.items.length === 0 && (
              <View className="muted" id="inbox-empty">
                没有符合条件的事项
              </View>
            )}
            {load.page.items.map((item) => (
              <View
                className="list-item"
                key={item.id}
                id={`inbox-item-${item.id}`}
                data-status={item.status}
                data-kind={item.kind}
                onClick={() => {
                  setMessage('');
                  setSelected(item.id);
                }}
              >
                <View className="list-item-title">{item.title}</View>
                <View className="row muted">
                  <Text className="tag">{KIND_LABELS[item.kind]}</Text>
                  <Text className={`tag status-${item.status}`}>{REPORT_STATUS_LABELS[item.status]}</Text>
                  {awaitsOffice(item) && <Text className="warn-text">待处理</Text>}
                  <Text>{formatMonth(item.month)}</Text>
                </View>
                <View className="row muted">
                  <Text>{item.unit?.name ?? '未指定单位'}</Text>
                  <Text>{item.author.name}</Text>
                  <Text>证明材料 {item.evidenceCount} 项</Text>
                  <Text>提交于 {formatDateTime(item.submittedAt)}</Text>
                </View>
                {item.contentCheck && item.contentCheck !== 'pass' && (
                  <View className="warn-text">{CONTENT_CHECK_LABELS[item.contentCheck]}</View>
                )}
              </View>
            ))}
          </View>
          <Pager id="inbox" page={page} paged={load.page} onChange={setPage} />
        </>
      )}
    </View>
  );
}

function InboxActions({ report, onDone }: { report: Report; onDone: (message: string) => void }) {
  if (!awaitsOffice(report)) {
    return (
      <View className="section muted" id="inbox-not-pending">
        此项当前为「{REPORT_STATUS_LABELS[report.status]}」，无需处理。
      </View>
    );
  }
  return (
    <ReviewActions
      report={report}
      prefix="inbox"
      approve={{ id: 'inbox-receive', label: '接收', run: receiveReport, done: `已接收「${report.title}」，进入台账` }}
      onDone={onDone}
    />
  );
}
