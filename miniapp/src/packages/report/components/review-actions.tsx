import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Report } from '@liangdian/shared';
import { errorText, returnReport } from '../../../api/client';
import { ReturnForm } from './return-form';

interface Props {
  report: Report;
  /** Id prefix of the test hooks: `<prefix>-actions`, `<prefix>-action-error`, `<prefix>-return`. */
  prefix: string;
  /** The positive step: its button id, label, call and the message shown after it. */
  approve: { id: string; label: string; run: (id: number) => Promise<unknown>; done: string };
  onDone: (message: string) => void;
}

/**
 * Approve or return with a reason: the unit head's sign-off and the office's receipt are the same
 * two choices on a report that awaits the caller.
 */
export function ReviewActions({ report, prefix, approve, onDone }: Props) {
  const [busy, setBusy] = useState(false);
  const [returning, setReturning] = useState(false);
  const [error, setError] = useState('');

  const run = async (action: () => Promise<unknown>, text: string) => {
    setBusy(true);
    setError('');
    try {
      await action();
      onDone(text);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <View id={`${prefix}-actions`}>
      {error && (
        <View className="section error-text" id={`${prefix}-action-error`}>
          {error}
        </View>
      )}
      {returning ? (
        <ReturnForm
          busy={busy}
          onCancel={() => setReturning(false)}
          onConfirm={(reason) => void run(() => returnReport(report.id, reason), `已退回「${report.title}」`)}
        />
      ) : (
        <View className="row actions">
          <Button id={approve.id} type="primary" loading={busy} disabled={busy} onClick={() => void run(() => approve.run(report.id), approve.done)}>
            {approve.label}
          </Button>
          <Button id={`${prefix}-return`} disabled={busy} onClick={() => setReturning(true)}>
            退回
          </Button>
        </View>
      )}
    </View>
  );
}
