import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CATEGORY_LABELS, type Report } from '@liangdian/shared';
import { errorText, isApiError, listReports, signOffReport, type ReportPage } from '../../../../api/client';
import { LoadState } from '../../../../components/page-state';
import { DetailPanel } from '../../components/detail-panel';
import { ReviewActions } from '../../components/review-actions';
import { formatDateTime, formatMonth } from '../../lib/format';
import '../../components/report.scss';

const PAGE_SIZE = 20;

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; page: ReportPage };

/** Unit head: the unit's submitted reports, each signed off (签发) or returned with a reason. */
export default function SignOffPage() {
  const [page, setPage] = useState(1);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [selected, setSelected] = useState<number | null>(null);
  const [message, setMessage] = useState('');

  const fetchPage = useCallback(async (target: number) => {
    setLoad((current) => (current.status === 'ready' ? current : { status: 'loading' }));
    try {
      const answer = await listReports({ scope: 'unit', kind: 'report', status: 'submitted', page: target, pageSize: PAGE_SIZE });
      setLoad({ status: 'ready', page: answer });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, []);

  useDidShow(() => {
    void fetchPage(page);
  });

  const goTo = (target: number) => {
    setPage(target);
    void fetchPage(target);
  };

  const open = (id: number) => {
    setMessage('');
    setSelected(id);
  };

  const done = (text: string) => {
    setMessage(text);
    setSelected(null);
    void fetchPage(page);
  };

  if (selected !== null) {
    return (
      <View className="page" id="signoff-page" data-view="detail">
        <DetailPanel id={selected} onBack={() => setSelected(null)} actions={(report) => <SignOffActions report={report} onDone={done} />} />
      </View>
    );
  }

  const pages = load.status === 'ready' ? Math.max(1, Math.ceil(load.page.total / load.page.pageSize)) : 1;
  return (
    <View className="page" id="signoff-page" data-view="list">
      {message && (
        <View className="section ok-text" id="signoff-message">
          {message}
        </View>
      )}
      <View className="muted">本单位已提交、等待签发的亮点工作申报。签发后送亮点办。</View>
      <LoadState load={load} loadingId="signoff-loading" errorId="signoff-error" onRetry={() => void fetchPage(page)} spaced />
      {load.status === 'ready' && (
        <>
          <View className="section spaced" id="signoff-list" data-total={load.page.total}>
            {load.page.items.length === 0 && (
              <View className="muted" id="signoff-empty">
                没有待签发的申报
              </View>
            )}
            {load.page.items.map((item) => (
              <View
                className="list-item"
                key={item.id}
                id={`signoff-item-${item.id}`}
                data-status={item.status}
                onClick={() => open(item.id)}
              >
                <View className="list-item-title">{item.title}</View>
                <View className="row muted">
                  <Text>{item.author.name}</Text>
                  <Text>{formatMonth(item.month)}</Text>
                  {item.category && <Text>{CATEGORY_LABELS[item.category]}</Text>}
                  <Text>证明材料 {item.evidenceCount} 项</Text>
                </View>
                <View className="muted">提交于 {formatDateTime(item.submittedAt)}</View>
              </View>
            ))}
          </View>
          {pages > 1 && (
            <View className="row pager">
              <Button id="signoff-prev" size="small" disabled={page <= 1} onClick={() => goTo(page - 1)}>
                上一页
              </Button>
              <View className="muted">
                第 {page} / {pages} 页
              </View>
              <Button id="signoff-next" size="small" disabled={page >= pages} onClick={() => goTo(page + 1)}>
                下一页
              </Button>
            </View>
          )}
        </>
      )}
    </View>
  );
}

function SignOffActions({ report, onDone }: { report: Report; onDone: (message: string) => void }) {
  if (report.status !== 'submitted') {
    return (
      <View className="section muted" id="signoff-not-pending">
        此项当前不在待签发状态。
      </View>
    );
  }
  return (
    <ReviewActions
      report={report}
      prefix="signoff"
      approve={{ id: 'signoff-approve', label: '签发', run: signOffReport, done: `已签发「${report.title}」，已送亮点办` }}
      onDone={onDone}
    />
  );
}
