import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { errorText } from '../../../api/client';

interface Props {
  /** The button's id; a failure shows in `<id>-error`. */
  id: string;
  label: string;
  /** Downloads the file (see `downloadFile` in api/publication). */
  run: () => Promise<void>;
}

/** 导出Excel and the like: a download that needs the token, with its own busy state and failure line. */
export function ExportButton({ id, label, run }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const click = async () => {
    setBusy(true);
    setError('');
    try {
      await run();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="row">
      <Button id={id} size="small" loading={busy} disabled={busy} onClick={() => void click()}>
        {label}
      </Button>
      {error && (
        <Text className="error-text" id={`${id}-error`}>
          {error}
        </Text>
      )}
    </View>
  );
}
