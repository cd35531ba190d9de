import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { formatDateTime } from '../lib/format';

/** What an upload list needs to know about one item, whatever kind of file it is. */
export interface UploadItemState {
  status: 'uploading' | 'done' | 'failed';
  progress: number;
  error?: string;
  confirmDelete?: boolean;
  deleting?: boolean;
  local?: { note?: string };
}

/** One line on how a photo was taken: on the spot (with time and whether a place was recorded) or from the album. */
export function CaptureSummary({ source, capturedAt, hasPlace }: { source?: string; capturedAt?: string | null; hasPlace: boolean }) {
  return (
    <View className="muted">
      {source === 'camera' ? `现场拍摄 ${formatDateTime(capturedAt)}` : '相册照片'}
      {source === 'camera' && (hasPlace ? ' · 已记录位置' : ' · 未记录位置')}
    </View>
  );
}

interface StatusProps {
  /** Prefix of the ids: `${prefix}-progress`, `${prefix}-error`, `${prefix}-retry`, `${prefix}-delete`… */
  prefix: string;
  item: UploadItemState;
  disabled?: boolean;
  onRetry: () => void;
  onDelete: () => void;
  onCancelDelete: () => void;
}

/** An upload item's note, progress, result and error, and its retry / delete (with confirm) buttons. */
export function UploadItemStatus({ prefix, item, disabled, onRetry, onDelete, onCancelDelete }: StatusProps) {
  return (
    <>
      {item.local?.note && item.status !== 'done' && <View className="warn-text">{item.local.note}</View>}
      {item.status === 'uploading' && (
        <View id={`${prefix}-progress`} data-progress={item.progress}>
          <View className="progress">
            <View className="progress-bar" style={{ width: `${item.progress}%` }} />
          </View>
          <Text className="muted">正在上传 {item.progress}%</Text>
        </View>
      )}
      {item.status === 'done' && <View className="ok-text">已上传</View>}
      {item.error && (
        <View className="error-text" id={`${prefix}-error`}>
          {item.status === 'failed' ? '上传失败：' : ''}
          {item.error}
        </View>
      )}
      {!disabled && item.status !== 'uploading' && (
        <View className="row spaced">
          {item.status === 'failed' && (
            <Button id={`${prefix}-retry`} size="small" type="primary" onClick={onRetry}>
              重试
            </Button>
          )}
          <Button
            id={item.confirmDelete ? `${prefix}-delete-confirm` : `${prefix}-delete`}
            size="small"
            type={item.confirmDelete ? 'danger' : 'default'}
            loading={item.deleting}
            onClick={onDelete}
          >
            {item.confirmDelete ? '确认删除' : '删除'}
          </Button>
          {item.confirmDelete && (
            <Button id={`${prefix}-delete-cancel`} size="small" onClick={onCancelDelete}>
              取消
            </Button>
          )}
        </View>
      )}
    </>
  );
}
