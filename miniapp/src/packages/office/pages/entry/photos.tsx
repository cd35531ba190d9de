import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { EVIDENCE_LIMITS_DEFAULT, type Evidence } from '@liangdian/shared';
import { deleteInspectionPhoto, errorText, uploadInspectionPhoto, type UploadFields } from '../../../../api/client';
import { EvidenceImage } from '../../../report/components/evidence-image';
import { MismatchNote, PhotoFacts } from '../../../report/components/photo-facts';
import { CaptureSummary, UploadItemStatus } from '../../../report/components/upload-item';
import { captureStamp, chooseWeappPhotos } from '../../../report/lib/capture';
import { formatBytes } from '../../../report/lib/format';
import { previewPhoto } from '../../../report/lib/preview-photo';

const IS_H5 = process.env.TARO_ENV === 'h5';
const MAX_PHOTOS = EVIDENCE_LIMITS_DEFAULT.photos;
const MAX_BYTES = EVIDENCE_LIMITS_DEFAULT.photoBytes;

/** A picked photo not on the server yet: a temp path on weapp, the browser's File on H5. */
interface LocalPhoto {
  source: string | Blob;
  name: string;
  bytes: number | null;
  /** A src the device can show at once (temp path, blob: URL). */
  preview: string;
  fields: UploadFields;
  note?: string;
}

interface PhotoItem {
  key: string;
  status: 'uploading' | 'done' | 'failed';
  progress: number;
  photo?: Evidence;
  local?: LocalPhoto;
  error?: string;
  confirmDelete?: boolean;
  deleting?: boolean;
}

export interface PhotoCounts {
  uploading: number;
  failed: number;
  done: number;
}

let nextKey = 0;
const newKey = () => `photo-${++nextKey}`;


interface Props {
  entryId: number;
  initial: Evidence[];
  disabled: boolean;
  onCounts: (counts: PhotoCounts) => void;
}

/**
 * The assigned inspector's on-site photos, before the verdict: 拍照 (time and place recorded now) or
 * 从相册选择; every photo uploads at once with progress, a failed one stays with 重试 and 删除.
 */
export function InspectionPhotos({ entryId, initial, disabled, onCounts }: Props) {
  const [items, setItems] = useState<PhotoItem[]>(() =>
    initial.map((p) => ({ key: `saved-${p.id}`, status: 'done', progress: 100, photo: p })),
  );
  const [message, setMessage] = useState('');
  const itemsRef = useRef(items);
  itemsRef.current = items;

  useEffect(() => {
    onCounts({
      uploading: items.filter((i) => i.status === 'uploading').length,
      failed: items.filter((i) => i.status === 'failed').length,
      done: items.filter((i) => i.status === 'done').length,
    });
  }, [items, onCounts]);

  useEffect(
    () => () => {
      if (!IS_H5) return;
      for (const item of itemsRef.current) {
        if (item.local?.preview.startsWith('blob:')) URL.revokeObjectURL(item.local.preview);
      }
    },
    [],
  );

  const patch = (key: string, change: Partial<PhotoItem>) =>
    setItems((current) => current.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const upload = async (key: string, local: LocalPhoto) => {
    patch(key, { status: 'uploading', progress: 0, error: undefined });
    try {
      const photo = await uploadInspectionPhoto(entryId, local.source, local.fields, (progress) => patch(key, { progress }));
      patch(key, { status: 'done', progress: 100, photo });
    } catch (error) {
      patch(key, { status: 'failed', error: errorText(error) });
    }
  };

  const addPhotos = (photos: LocalPhoto[], refusedUpFront: string[] = []) => {
    const refused = [...refusedUpFront];
    const added: PhotoItem[] = [];
    let count = itemsRef.current.length;
    for (const local of photos) {
      if (local.bytes !== null && local.bytes > MAX_BYTES) {
        refused.push(`${local.name} 超过 ${Math.round(MAX_BYTES / 1024 / 1024)} MB`);
        continue;
      }
      if (count >= MAX_PHOTOS) {
        refused.push(`最多 ${MAX_PHOTOS} 张照片`);
        continue;
      }
      count++;
      added.push({ key: newKey(), status: 'uploading', progress: 0, local });
    }
    setMessage([...new Set([...refused, ...photos.map((p) => p.note).filter((n): n is string => !!n)])].join('；'));
    if (!added.length) return;
    setItems((current) => [...current, ...added]);
    for (const item of added) void upload(item.key, item.local!);
  };

  /** weapp: the camera or the album, original size; a camera photo gets its time and place now. */
  const choose = async (source: 'camera' | 'album') => {
    const room = MAX_PHOTOS - itemsRef.current.length;
    if (room <= 0) return setMessage(`最多 ${MAX_PHOTOS} 张照片`);
    const picked = await chooseWeappPhotos(source, room);
    if (picked) addPhotos(picked);
  };

  /** H5: the file inputs; `camera` is the capture input, whose photos get time and place. */
  const onH5Files = async (event: ChangeEvent<HTMLInputElement>, camera: boolean) => {
    const input = event.target;
    const files = Array.from(input.files ?? []);
    input.value = ''; // The same file may be picked again (after a delete).
    if (!files.length) return;
    const images = files.filter((f) => f.type.startsWith('image/'));
    const refused = images.length < files.length ? ['只能上传照片（JPEG、PNG）'] : [];
    const stamp = images.length ? await captureStamp(camera) : { fields: {} };
    addPhotos(
      images.map((file) => ({
        source: file,
        name: file.name,
        bytes: file.size,
        preview: URL.createObjectURL(file),
        fields: { fileName: file.name, ...stamp.fields },
        note: stamp.note,
      })),
      refused,
    );
  };

  const remove = async (item: PhotoItem) => {
    if (!item.photo) {
      if (IS_H5 && item.local?.preview.startsWith('blob:')) URL.revokeObjectURL(item.local.preview);
      setItems((current) => current.filter((i) => i.key !== item.key));
      return;
    }
    if (!item.confirmDelete) return patch(item.key, { confirmDelete: true });
    patch(item.key, { deleting: true });
    try {
      await deleteInspectionPhoto(entryId, item.photo.id);
      setItems((current) => current.filter((i) => i.key !== item.key));
    } catch (error) {
      patch(item.key, { deleting: false, confirmDelete: false, error: errorText(error) });
    }
  };

  return (
    <View id="inspection-photos" data-count={items.length}>
      <View className="field-label">现场照片（选填，最多{MAX_PHOTOS}张）</View>
      <View className="muted">
        已有 {items.length}/{MAX_PHOTOS} 张。现场拍照时会记录拍摄时间和地点。
      </View>
      {!disabled && items.length < MAX_PHOTOS && (
        <View className="spaced">
          {/* Inline, not a constant, so the weapp build drops the DOM-only <input>s entirely. */}
          {process.env.TARO_ENV === 'h5' ? (
            <View>
              <View className="field-hint">拍照（记录时间和地点）</View>
              <input
                id="inspection-camera-input"
                type="file"
                accept="image/*"
                capture="environment"
                onChange={(e) => void onH5Files(e, true)}
              />
              <View className="field-hint">从相册选择</View>
              <input id="inspection-photo-input" type="file" accept="image/*" multiple onChange={(e) => void onH5Files(e, false)} />
            </View>
          ) : (
            <View className="row">
              <Button id="inspection-camera" type="primary" size="small" onClick={() => void choose('camera')}>
                拍照
              </Button>
              <Button id="inspection-album" size="small" onClick={() => void choose('album')}>
                从相册选择
              </Button>
            </View>
          )}
        </View>
      )}
      {message && (
        <View className="warn-text spaced" id="inspection-photo-message">
          {message}
        </View>
      )}
      <View className="spaced">
        {items.map((item, index) => (
          <PhotoRow
            key={item.key}
            item={item}
            index={index}
            disabled={disabled}
            onRetry={() => item.local && void upload(item.key, item.local)}
            onDelete={() => void remove(item)}
            onCancelDelete={() => patch(item.key, { confirmDelete: false })}
          />
        ))}
      </View>
    </View>
  );
}

interface RowProps {
  item: PhotoItem;
  index: number;
  disabled: boolean;
  onRetry: () => void;
  onDelete: () => void;
  onCancelDelete: () => void;
}

function PhotoRow({ item, index, disabled, onRetry, onDelete, onCancelDelete }: RowProps) {
  const prefix = `inspection-photo-${index}`;
  const p = item.photo;
  const source = p?.app?.source ?? item.local?.fields.source;
  const capturedAt = p?.app?.at ?? item.local?.fields.capturedAt;
  const hasPlace = p ? p.app?.latitude != null : item.local?.fields.latitude !== undefined;
  return (
    <View className="evidence-item" id={prefix} data-status={item.status} data-photo-id={p?.id ?? ''}>
      {p?.thumbUrl ? (
        <EvidenceImage url={p.thumbUrl} onTap={() => void previewPhoto(p)} />
      ) : (
        <EvidenceImage url={item.local?.preview ?? null} local />
      )}
      <View className="evidence-item-info">
        <View>
          {p?.name ?? item.local?.name} <Text className="muted">{formatBytes(p?.bytes ?? item.local?.bytes ?? null)}</Text>
        </View>
        <CaptureSummary source={source} capturedAt={capturedAt} hasPlace={hasPlace} />
        {p?.mismatch && <MismatchNote id={`${prefix}-mismatch`} photo={p} />}
        <UploadItemStatus
          prefix={prefix}
          item={item}
          disabled={disabled}
          onRetry={onRetry}
          onDelete={onDelete}
          onCancelDelete={onCancelDelete}
        />
      </View>
    </View>
  );
}

/** The entry's inspection photos, read-only: for the record after the verdict and for other office members. */
export function EntryPhotos({ photos }: { photos: Evidence[] }) {
  const mismatches = photos.filter((p) => p.mismatch).length;
  return (
    <View className="section" id="entry-photos" data-count={photos.length}>
      <View className="section-title">现场照片</View>
      {photos.length === 0 ? (
        <View className="muted">没有现场照片</View>
      ) : (
        <View className={mismatches ? 'warn-text' : 'muted'} id="entry-photos-mismatch-count" data-count={mismatches}>
          {mismatches ? `${mismatches} 张照片的现场记录与照片信息不一致` : '照片的现场记录与照片信息未见不一致'}
        </View>
      )}
      {photos.map((p) => {
        const prefix = `entry-photo-${p.id}`;
        return (
          <View className="evidence-detail" key={p.id} id={prefix} data-mismatch={p.mismatch ? '1' : '0'}>
            <EvidenceImage url={p.thumbUrl} className="evidence-detail-thumb" onTap={() => void previewPhoto(p)} />
            <View className="evidence-detail-info">
              <PhotoFacts prefix={prefix} photo={p} />
            </View>
          </View>
        );
      })}
    </View>
  );
}
