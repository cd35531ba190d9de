import { useState } from 'react';
import { Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { fieldId } from '../lib/hooks';

interface Props {
  busy: boolean;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}

/** 退回 with a reason (2–500 characters, as the server's returnRequestSchema wants). */
export function ReturnForm({ busy, onConfirm, onCancel }: Props) {
  const [reason, setReason] = useState('');
  const [warning, setWarning] = useState('');

  const confirm = () => {
    const text = reason.trim();
    if (text.length < 2) {
      setWarning('请填写退回原因（至少2个字），申报人会看到它');
      return;
    }
    setWarning('');
    onConfirm(text);
  };

  return (
    <View className="section" id="return-form">
      <View className="section-title">退回原因</View>
      <Textarea
        {...fieldId('return-reason')}
        className="field-textarea"
        placeholder="请写明需要修改或补充的内容"
        maxlength={500}
        value={reason}
        onInput={(e) => setReason(e.detail.value)}
      />
      {warning && (
        <View className="error-text spaced" id="return-warning">
          {warning}
        </View>
      )}
      <View className="row spaced">
        <Button id="return-confirm" type="primary" loading={busy} disabled={busy} onClick={confirm}>
          确认退回
        </Button>
        <Button id="return-cancel" disabled={busy} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}
