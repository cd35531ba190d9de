import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Report } from '@liangdian/shared';
import { errorText, getReport } from '../../../api/client';
import { LoadState } from '../../../components/page-state';
import { ReportDetail } from './report-detail';

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; report: Report };

interface Props {
  id: number;
  onBack: () => void;
  /** The decision buttons for the loaded item. */
  actions: (report: Report) => ReactNode;
}

/** Loads one item (with its evidence) and shows it with the page's decision buttons under it. */
export function DetailPanel({ id, onBack, actions }: Props) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchReport = useCallback(async () => {
    setLoad({ status: 'loading' });
    try {
      setLoad({ status: 'ready', report: await getReport(id) });
    } catch (error) {
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, [id]);

  useEffect(() => {
    void fetchReport();
  }, [fetchReport]);

  return (
    <View id="detail-panel">
      <Button id="detail-back" size="small" onClick={onBack}>
        ‹ 返回列表
      </Button>
      <LoadState load={load} loadingId="detail-loading" errorId="detail-error" onRetry={fetchReport} spaced />
      {load.status === 'ready' && (
        <View className="spaced">
          <ReportDetail report={load.report} />
          {actions(load.report)}
        </View>
      )}
    </View>
  );
}
