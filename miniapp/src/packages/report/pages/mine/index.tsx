import { useCallback, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { EDITABLE_STATUSES, REPORT_STATUS_LABELS, type ReportKind } from '@liangdian/shared';
import { errorText, isApiError, listReports, type ReportPage } from '../../../../api/client';
import { LoadState } from '../../../../components/page-state';
import { Pager } from '../../../../components/pager';
import { QuotaBanner } from '../../components/quota-banner';
import { formatDateTime, formatMonth } from '../../lib/format';
import { editUrl } from '../../lib/navigation';
import { useQuota } from '../../lib/use-quota';
import '../../components/report.scss';

const PAGE_SIZE = 20;

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; page: ReportPage };

/** My reports (`?kind=report`) or my recommendations (`?kind=recommendation`), newest first. */
export default function MyReportsPage() {
  const { params } = useRouter();
  const kind: ReportKind = params.kind === 'recommendation' ? 'recommendation' : 'report';
  const isRecommendation = kind === 'recommendation';
  const [page, setPage] = useState(1);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const { quota, quotaError, fetchQuota } = useQuota(kind);

  const fetchPage = useCallback(
    async (target: number) => {
      setLoad((current) => (current.status === 'ready' ? current : { status: 'loading' }));
      try {
        setLoad({ status: 'ready', page: await listReports({ scope: 'mine', kind, page: target, pageSize: PAGE_SIZE }) });
      } catch (error) {
        if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
        setLoad({ status: 'failed', message: errorText(error) });
      }
    },
    [kind],
  );

  // On every show: coming back from the editor, the list and the quota have changed.
  useDidShow(() => {
    void Taro.setNavigationBarTitle({ title: isRecommendation ? '我的推荐' : '我的申报' });
    void fetchPage(page);
    void fetchQuota();
  });

  const goTo = (target: number) => {
    setPage(target);
    void fetchPage(target);
  };

  return (
    <View className="page" id="mine-page" data-kind={kind}>
      <QuotaBanner quota={quota} error={quotaError} />
      <Button id="report-new" type="primary" block onClick={() => void Taro.navigateTo({ url: editUrl({ kind }) })}>
        {isRecommendation ? '新建推荐' : '填报新的亮点工作'}
      </Button>

      <LoadState load={load} loadingId="mine-loading" errorId="mine-error" onRetry={() => void fetchPage(page)} spaced />
      {load.status === 'ready' && (
        <>
          <View className="section spaced" id="mine-list" data-total={load.page.total}>
            {load.page.items.length === 0 && (
              <View className="muted" id="mine-empty">
                {isRecommendation ? '还没有推荐' : '还没有申报'}
              </View>
            )}
            {load.page.items.map((item) => {
              const editable = EDITABLE_STATUSES.includes(item.status);
              return (
                <View
                  className="list-item"
                  key={item.id}
                  id={`report-item-${item.id}`}
                  data-status={item.status}
                  data-kind={item.kind}
                  onClick={() => void Taro.navigateTo({ url: editUrl({ id: item.id }) })}
                >
                  <View className="list-item-title">{item.title || '（未命名草稿）'}</View>
                  <View className="row muted">
                    <Text className={`tag status-${item.status}`} id={`report-item-${item.id}-status`}>
                      {REPORT_STATUS_LABELS[item.status]}
                    </Text>
                    <Text>{item.month ? formatMonth(item.month) : '未提交'}</Text>
                    <Text>证明材料 {item.evidenceCount} 项</Text>
                    {isRecommendation && item.unit && <Text>{item.unit.name}</Text>}
                  </View>
                  <View className="muted">更新于 {formatDateTime(item.updatedAt)}</View>
                  {item.status === 'returned' && item.returnReason && (
                    <View className="error-text" id={`report-item-${item.id}-return-reason`}>
                      退回原因：{item.returnReason}
                    </View>
                  )}
                  <View className="link-text">{editable ? '继续编辑 ›' : '查看 ›'}</View>
                </View>
              );
            })}
          </View>
          <Pager id="mine" page={page} paged={load.page} onChange={goTo} />
        </>
      )}
    </View>
  );
}
