import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Report } from '@liangdian/shared';
import { errorText, withdrawReport } from '../../../../api/client';
import { ReportDetail } from '../../components/report-detail';
import { goToMine } from '../../lib/navigation';

/** Submitted and not yet signed off or received: the author may still take it back. */
const WITHDRAWABLE = ['submitted'];

interface Props {
  initial: Report;
  /** Shown on top, e.g. right after a submit. */
  message?: string;
}

/** An item that is no longer the author's to edit: what it is now, and 撤回 while it is on its way. */
export function ReadOnlyView({ initial, message: initialMessage }: Props) {
  const [report, setReport] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState(initialMessage ?? '');
  const [confirming, setConfirming] = useState(false);

  const withdraw = async () => {
    setBusy(true);
    try {
      setReport(await withdrawReport(report.id));
      setMessage('已撤回。本月名额已释放，此项不会再进入评选。');
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <View className="page" id="report-readonly" data-status={report.status}>
      {message && (
        <View className="section" id="report-submit-message" data-state={report.status === 'submitted' ? 'done' : 'info'}>
          {message}
        </View>
      )}
      <ReportDetail report={report} />
      <View className="row">
        {WITHDRAWABLE.includes(report.status) &&
          (confirming ? (
            <>
              <Button id="report-withdraw-confirm" type="danger" loading={busy} onClick={() => void withdraw()}>
                确认撤回
              </Button>
              <Button id="report-withdraw-cancel" disabled={busy} onClick={() => setConfirming(false)}>
                不撤回
              </Button>
            </>
          ) : (
            <Button id="report-withdraw" onClick={() => setConfirming(true)}>
              撤回
            </Button>
          ))}
        <Button id="report-go-mine" onClick={() => goToMine(report.kind)}>
          {report.kind === 'recommendation' ? '我的推荐' : '我的申报'}
        </Button>
      </View>
    </View>
  );
}
