import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { CATEGORY_LABELS, LEDGER_STATUS_LABELS, type InspectionRequest, type LedgerEntry, type User } from '@liangdian/shared';
import {
  assignInspector,
  errorText,
  getLedgerEntry,
  isApiError,
  markLedgerDistinct,
  me,
  mergeLedgerEntry,
  recordInspection,
} from '../../../../api/client';
import { PageState } from '../../../../components/page-state';
import { DetailField } from '../../../report/components/detail-field';
import { formatDateTime, formatMonth } from '../../../report/lib/format';
import type { Notice } from '../../lib/hooks';
import { OFFICE_PAGES } from '../../lib/navigation';
import { Duplicates, type Keep } from './duplicates';
import { AssignInspector, InspectionForm, InspectionRecord, canAssign } from './inspection';
import { EntryPhotos } from './photos';
import { Sources } from './sources';
import '../../../report/components/report.scss';
import '../../components/office.scss';

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; entry: LedgerEntry; user: User };

/**
 * One ledger entry (`?id=`): its sources, suspected duplicates (合并 / 不是重复), the inspector, and
 * for the assigned inspector the on-site verification record.
 */
export default function LedgerEntryPage() {
  const { params } = useRouter();
  const [entryId, setEntryId] = useState(() => Number(params.id) || 0);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  const fetchEntry = useCallback(async () => {
    if (!entryId) {
      setLoad({ status: 'failed', message: '缺少台账事项编号' });
      return;
    }
    setLoad((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    try {
      const [entry, user] = await Promise.all([getLedgerEntry(entryId), me()]);
      setLoad({ status: 'ready', entry, user });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, [entryId]);

  useEffect(() => {
    void fetchEntry();
  }, [fetchEntry]);

  /** Runs one action; the answer is the entry to show (after a merge, possibly another one). */
  const act = async (action: () => Promise<LedgerEntry>, done: (entry: LedgerEntry) => string): Promise<boolean> => {
    if (load.status !== 'ready') return false;
    const { user } = load;
    setBusy(true);
    setNotice(null);
    try {
      const entry = await action();
      setLoad({ status: 'ready', entry, user });
      if (entry.id !== entryId) setEntryId(entry.id);
      setNotice({ state: 'ok', text: done(entry) });
      return true;
    } catch (error) {
      setNotice({ state: 'error', text: errorText(error) });
      return false;
    } finally {
      setBusy(false);
      // The message sits on top; the action was far below it.
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
    }
  };

  if (load.status !== 'ready') {
    return (
      <PageState load={load} loadingId="entry-loading" errorId="entry-error" onRetry={fetchEntry}>
        {load.status === 'failed' && notice && <Message notice={notice} />}
      </PageState>
    );
  }

  const { entry, user } = load;
  const isOffice = user.roles.includes('office');
  const isInspector = entry.inspector?.id === user.id;

  const merge = (otherId: number, keep: Keep, reason: string) =>
    act(
      () =>
        keep === 'this'
          ? mergeLedgerEntry(otherId, { intoEntryId: entry.id, reason })
          : mergeLedgerEntry(entry.id, { intoEntryId: otherId, reason }),
      (kept) => (keep === 'this' ? `已将第${otherId}号并入本事项` : `本事项已并入第${kept.id}号，现显示合并后的事项`),
    );
  const distinct = (otherId: number, reason: string) =>
    act(() => markLedgerDistinct(entry.id, { otherEntryId: otherId, reason }), () => `已记录：与第${otherId}号不是重复`);
  const assign = (inspectorId: number) =>
    act(() => assignInspector(entry.id, inspectorId), (e) => `已指派${e.inspector?.name ?? ''}进行现场核查`);
  const inspect = (body: InspectionRequest) =>
    act(() => recordInspection(entry.id, body), (e) => (e.status === 'passed' ? '核查结论已提交：通过，已进入本月目录' : '核查结论已提交：不通过'));

  return (
    <View className="page" id="entry-detail" data-id={entry.id} data-status={entry.status}>
      {notice && <Message notice={notice} />}

      <View className="section">
        <View className="detail-title" id="entry-title">
          {entry.title}
        </View>
        <View className="row muted spaced">
          <Text className={`tag status-${entry.status}`} id="entry-status">
            {LEDGER_STATUS_LABELS[entry.status]}
          </Text>
          <Text>台账第{entry.id}号</Text>
          <Text>{formatMonth(entry.month)}</Text>
        </View>
        <DetailField label="单位" value={entry.unit?.name ?? '未指定单位'} />
        <DetailField label="类别" value={entry.category ? CATEGORY_LABELS[entry.category] : '—'} />
        <DetailField label="入账时间" value={formatDateTime(entry.createdAt)} />
        <View className="section-title spaced">亮点简介</View>
        <View className="body-text" id="entry-summary">
          {entry.summary || '—'}
        </View>
      </View>

      <Sources entry={entry} />
      <Duplicates entry={entry} busy={busy} onMerge={merge} onDistinct={distinct} />

      {isOffice && canAssign(entry) && <AssignInspector entry={entry} busy={busy} onAssign={assign} />}
      {!canAssign(entry) && !entry.inspection && entry.inspector && (
        <View className="section muted">核查人：{entry.inspector.name}</View>
      )}
      {entry.status === 'inspecting' && !entry.inspection && entry.inspector && !isInspector && (
        <View className="section muted" id="entry-awaiting-inspection">
          等待{entry.inspector.name}到现场核查并提交结论
        </View>
      )}
      {entry.status === 'inspecting' && !entry.inspection && isInspector && (
        <InspectionForm key={entry.id} entryId={entry.id} photos={entry.photos} busy={busy} onSubmit={inspect} />
      )}
      <InspectionRecord entry={entry} />
      {/* Read-only: the record's photos after the verdict, and what the inspector has so far for everyone else. */}
      {(entry.inspection || (entry.status === 'inspecting' && !isInspector)) && (entry.inspection || entry.photos.length > 0) && (
        <EntryPhotos photos={entry.photos} />
      )}

      <View className="row">
        <Text className="link-text" id="entry-back" onClick={back}>
          ‹ 返回台账
        </Text>
      </View>
    </View>
  );
}

/** Back to the ledger we came from (it refreshes on show), or to a fresh one after a deep link. */
function back() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: OFFICE_PAGES.ledger });
}

function Message({ notice }: { notice: NonNullable<Notice> }) {
  return (
    <View className={`section ${notice.state === 'ok' ? 'ok-text' : 'error-text'}`} id="entry-message" data-state={notice.state}>
      {notice.text}
    </View>
  );
}
