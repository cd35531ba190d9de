import { useCallback, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { EDITABLE_STATUSES, REPORT_STATUS_LABELS, type QuotaStatus, type ReportKind } from '@liangdian/shared';
import { errorText, getQuota, isApiError, listReports, type ReportPage } from '../../../../api/client';
import { LoadError } from '../../../../components/load-error';
import { QuotaBanner } from '../../components/quota-banner';
import { formatDateTime, formatMonth } from '../../lib/format';
import { editUrl } from '../../lib/navigation';
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
  const [quota, setQuota] = useState<QuotaStatus | null>(null);
  const [quotaError, setQuotaError] = useState('');

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

  const fetchQuota = useCallback(async () => {
    try {
      setQuota(await getQuota(kind));
      setQuotaError('');
    } catch (error) {
      setQuotaError(errorText(error));
    }
  }, [kind]);

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

  const pages = load.status === 'ready' ? Math.max(1, Math.ceil(load.page.total / load.page.pageSize)) : 1;
  return (
    <View className="page" id="mine-page" data-kind={kind}>
      <QuotaBanner quota={quota} error={quotaError} />
      <Button id="report-new" type="primary" block onClick={() => void Taro.navigateTo({ url: editUrl({ kind }) })}>
        {isRecommendation ? '新建推荐' : '填报新的亮点工作'}
      </Button>

      {load.status === 'loading' && (
        <View className="muted spaced" id="mine-loading">
          加载中…
        </View>
      )}
      {load.status === 'failed' && <LoadError id="mine-error" message={load.message} onRetry={() => void fetchPage(page)} />}
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
          <View className="row pager">
            <Button id="mine-prev" size="small" disabled={page <= 1} onClick={() => goTo(page - 1)}>
              上一页
            </Button>
            <View className="muted" id="mine-page-info">
              第 {page} / {pages} 页，共 {load.page.total} 项
            </View>
            <Button id="mine-next" size="small" disabled={page >= pages} onClick={() => goTo(page + 1)}>
              下一页
            </Button>
          </View>
        </>
      )}
    </View>
  );
}
