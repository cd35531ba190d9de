import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { DEFAULT_MONTHLY_WINDOW, EDITABLE_STATUSES, type Report, type ReportKind, type User } from '@liangdian/shared';
import { LOGIN_PAGE, errorText, getConfig, getReport, getToken, isApiError, me } from '../../../../api/client';
import { PageState } from '../../../../components/page-state';
import { Editor } from './editor';
import { ReadOnlyView } from './read-only';
import '../../components/report.scss';
import './index.scss';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; user: User; report: Report | null; kind: ReportKind; cutoffDay: number };

/**
 * `?id=<report id>` edits (or shows) an item; without it a new one starts: `?kind=recommendation`
 * for a group leader's recommendation, a unit report otherwise.
 */
export default function ReportEditPage() {
  const { params } = useRouter();
  const id = Number(params.id) > 0 ? Number(params.id) : null;
  const paramKind: ReportKind = params.kind === 'recommendation' ? 'recommendation' : 'report';
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const fetchAll = useCallback(async () => {
    if (!getToken()) {
      void Taro.reLaunch({ url: LOGIN_PAGE });
      return;
    }
    setLoad({ status: 'loading' });
    try {
      // The cut-off day only decides which month the app proposes; the server has the last word.
      const [user, report, cutoffDay] = await Promise.all([
        me(),
        id ? getReport(id) : Promise.resolve(null),
        getConfig().then(
          (c) => c.monthlyCutoffDay,
          () => DEFAULT_MONTHLY_WINDOW.cutoffDay,
        ),
      ]);
      setLoad({ status: 'ready', user, report, kind: report?.kind ?? paramKind, cutoffDay });
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad({ status: 'failed', message: errorText(error) });
    }
  }, [id, paramKind]);

  useEffect(() => {
    void fetchAll();
  }, [fetchAll]);

  const kind = load.status === 'ready' ? load.kind : paramKind;
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: kind === 'recommendation' ? '推荐亮点工作' : '填报亮点工作' });
  }, [kind]);

  if (load.status !== 'ready') return <PageState load={load} loadingId="report-loading" errorId="report-load-error" onRetry={fetchAll} />;
  const { report, user } = load;
  if (report && !EDITABLE_STATUSES.includes(report.status)) {
    return <ReadOnlyView initial={report} />;
  }
  return <Editor key={report?.id ?? 'new'} user={user} kind={load.kind} initial={report} cutoffDay={load.cutoffDay} />;
}
