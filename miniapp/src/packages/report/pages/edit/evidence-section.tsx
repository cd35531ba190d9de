import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { EVIDENCE_LIMITS_DEFAULT, linkRequestSchema, type Evidence } from '@liangdian/shared';
import { addLink, deleteEvidence, errorText, uploadEvidence, type UploadFields } from '../../../../api/client';
import { EvidenceImage } from '../../components/evidence-image';
import { CaptureSummary, UploadItemStatus } from '../../components/upload-item';
import { captureStamp, chooseWeappPhotos } from '../../lib/capture';
import { formatBytes } from '../../lib/format';
import { fieldId } from '../../lib/hooks';

const IS_H5 = process.env.TARO_ENV === 'h5';
const LIMITS = EVIDENCE_LIMITS_DEFAULT;

/** A picked file not on the server yet: a temp path on weapp, the browser's File on H5. */
interface LocalFile {
  source: string | Blob;
  name: string;
  isImage: boolean;
  bytes: number | null;
  /** A src the device can show at once (temp path, blob: URL). */
  preview: string | null;
  fields: UploadFields;
  /** Said about this file to the author, e.g. that no place was recorded. */
  note?: string;
}

export interface FileItem {
  key: string;
  status: 'uploading' | 'done' | 'failed';
  progress: number;
  evidence?: Evidence;
  local?: LocalFile;
  error?: string;
  confirmDelete?: boolean;
  deleting?: boolean;
}

export interface EvidenceCounts {
  uploading: number;
  failed: number;
  photos: number;
}

interface Props {
  initial: Evidence[];
  /** The server id of the draft, creating it first if needed (uploads need one); null if that failed. */
  ensureId: () => Promise<number | null>;
  disabled: boolean;
  onCounts: (counts: EvidenceCounts) => void;
}

let nextKey = 0;
const newKey = () => `local-${++nextKey}`;

const isPhoto = (item: FileItem) => (item.evidence ? item.evidence.kind === 'photo' : !!item.local?.isImage);



/**
 * Field photos (camera or album), PDF documents and media links of one draft. Every file uploads at
 * once with a progress bar; a failed one stays in the list with 重试 and 删除.
 */
export function EvidenceSection({ initial, ensureId, disabled, onCounts }: Props) {
  const [items, setItems] = useState<FileItem[]>(() =>
    initial.filter((e) => e.kind !== 'link').map((e) => ({ key: `ev-${e.id}`, status: 'done', progress: 100, evidence: e })),
  );
  const [links, setLinks] = useState<Evidence[]>(() => initial.filter((e) => e.kind === 'link'));
  const [message, setMessage] = useState('');
  const [linkUrl, setLinkUrl] = useState('');
  const [linkTitle, setLinkTitle] = useState('');
  const [linkBusy, setLinkBusy] = useState(false);
  const [linkMessage, setLinkMessage] = useState('');
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const photoCount = items.filter(isPhoto).length;
  const documentCount = items.length - photoCount;

  useEffect(() => {
    onCounts({
      uploading: items.filter((i) => i.status === 'uploading').length,
      failed: items.filter((i) => i.status === 'failed').length,
      photos: photoCount,
    });
  }, [items, photoCount, onCounts]);

  // Blob URLs of H5 previews live until the page goes.
  useEffect(
    () => () => {
      if (!IS_H5) return;
      for (const item of itemsRef.current) {
        if (item.local?.preview?.startsWith('blob:')) URL.revokeObjectURL(item.local.preview);
      }
    },
    [],
  );

  const patch = (key: string, change: Partial<FileItem>) =>
    setItems((current) => current.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const upload = async (key: string, local: LocalFile) => {
    patch(key, { status: 'uploading', progress: 0, error: undefined });
    const id = await ensureId();
    if (!id) {
      patch(key, { status: 'failed', error: '草稿尚未保存到服务器，暂时无法上传' });
      return;
    }
    try {
      const evidence = await uploadEvidence(id, local.source, local.fields, (progress) => patch(key, { progress }));
      patch(key, { status: 'done', progress: 100, evidence });
    } catch (error) {
      patch(key, { status: 'failed', error: errorText(error) });
    }
  };

  const addFiles = (files: LocalFile[]) => {
    const added: FileItem[] = [];
    let photos = photoCount;
    let documents = documentCount;
    const refused: string[] = [];
    for (const local of files) {
      const max = local.isImage ? LIMITS.photoBytes : LIMITS.documentBytes;
      if (local.bytes !== null && local.bytes > max) {
        refused.push(`${local.name} 超过 ${Math.round(max / 1024 / 1024)} MB`);
        continue;
      }
      if (local.isImage ? photos >= LIMITS.photos : documents >= LIMITS.documents) {
        refused.push(local.isImage ? `每项最多 ${LIMITS.photos} 张照片` : `每项最多 ${LIMITS.documents} 份文件`);
        continue;
      }
      if (local.isImage) photos++;
      else documents++;
      added.push({ key: newKey(), status: 'uploading', progress: 0, local });
    }
    const notes = [...new Set([...refused, ...files.map((f) => f.note).filter((n): n is string => !!n)])];
    setMessage(notes.join('；'));
    if (!added.length) return;
    setItems((current) => [...current, ...added]);
    for (const item of added) void upload(item.key, item.local!);
  };

  /** weapp: the camera or the album, original size; a camera photo gets its time and place now. */
  const choosePhotos = async (source: 'camera' | 'album') => {
    const room = LIMITS.photos - photoCount;
    if (room <= 0) {
      setMessage(`每项最多 ${LIMITS.photos} 张照片`);
      return;
    }
    const picked = await chooseWeappPhotos(source, room);
    if (picked) addFiles(picked.map((p) => ({ ...p, isImage: true })));
  };

  /** weapp: PDFs arrive in chats, which is where chooseMessageFile picks from. */
  const chooseDocuments = async () => {
    const room = LIMITS.documents - documentCount;
    if (room <= 0) {
      setMessage(`每项最多 ${LIMITS.documents} 份文件`);
      return;
    }
    try {
      const picked = await Taro.chooseMessageFile({ count: room, type: 'file', extension: ['pdf'] });
      addFiles(
        picked.tempFiles.map((f) => ({ source: f.path, name: f.name, isImage: false, bytes: f.size, preview: null, fields: {} })),
      );
    } catch {
      // Cancelled.
    }
  };

  /** H5: the browser's file input; `camera` is the capture input, whose photos get time and place. */
  const onH5Files = async (event: ChangeEvent<HTMLInputElement>, camera: boolean) => {
    const input = event.target;
    const files = Array.from(input.files ?? []);
    input.value = ''; // The same file may be picked again (after a delete).
    if (!files.length) return;
    const stamp = await captureStamp(camera);
    addFiles(
      files.map((file) => {
        const isImage = file.type.startsWith('image/');
        return {
          source: file,
          name: file.name,
          isImage,
          bytes: file.size,
          preview: isImage ? URL.createObjectURL(file) : null,
          fields: isImage
            ? { fileName: file.name, ...stamp.fields }
            : { fileName: file.name },
          note: stamp.note,
        };
      }),
    );
  };

  const remove = async (item: FileItem) => {
    if (!item.evidence) {
      if (IS_H5 && item.local?.preview?.startsWith('blob:')) URL.revokeObjectURL(item.local.preview);
      setItems((current) => current.filter((i) => i.key !== item.key));
      return;
    }
    if (!item.confirmDelete) {
      patch(item.key, { confirmDelete: true });
      return;
    }
    const id = await ensureId();
    if (!id) return;
    patch(item.key, { deleting: true });
    try {
      await deleteEvidence(id, item.evidence.id);
      setItems((current) => current.filter((i) => i.key !== item.key));
    } catch (error) {
      patch(item.key, { deleting: false, confirmDelete: false, error: errorText(error) });
    }
  };

  const addMediaLink = async () => {
    const parsed = linkRequestSchema.safeParse({ url: linkUrl, title: linkTitle });
    if (!parsed.success) {
      setLinkMessage('请填写以 http:// 或 https:// 开头的链接和报道标题');
      return;
    }
    if (links.length >= LIMITS.links) {
      setLinkMessage(`每项最多 ${LIMITS.links} 个链接`);
      return;
    }
    setLinkBusy(true);
    setLinkMessage('');
    try {
      const id = await ensureId();
      if (!id) {
        setLinkMessage('草稿尚未保存到服务器，暂时无法添加链接');
        return;
      }
      const link = await addLink(id, parsed.data);
      setLinks((current) => [...current, link]);
      setLinkUrl('');
      setLinkTitle('');
    } catch (error) {
      setLinkMessage(errorText(error));
    } finally {
      setLinkBusy(false);
    }
  };

  const removeLink = async (link: Evidence) => {
    const id = await ensureId();
    if (!id) return;
    try {
      await deleteEvidence(id, link.id);
      setLinks((current) => current.filter((l) => l.id !== link.id));
    } catch (error) {
      setLinkMessage(errorText(error));
    }
  };

  return (
    <View className="section" id="evidence-section">
      <View className="section-title">证明材料</View>
      <View className="muted">
        现场照片 {photoCount}/{LIMITS.photos} 张，文件 {documentCount}/{LIMITS.documents} 份。现场拍照时会记录拍摄时间和地点。
      </View>

      {!disabled && (
        <View className="spaced">
          {/* Inline, not a constant, so the weapp build drops the DOM-only <input>s entirely. */}
          {process.env.TARO_ENV === 'h5' ? (
            <View>
              <View className="field-label">拍照（记录时间和地点）</View>
              <input
                id="evidence-camera-input"
                type="file"
                accept="image/*"
                capture="environment"
                onChange={(e) => void onH5Files(e, true)}
              />
              <View className="field-label">选择照片或 PDF 文件</View>
              <input
                id="evidence-file-input"
                type="file"
                accept="image/*,application/pdf"
                multiple
                onChange={(e) => void onH5Files(e, false)}
              />
            </View>
          ) : (
            <View className="row">
              <Button id="evidence-camera" type="primary" size="small" onClick={() => void choosePhotos('camera')}>
                拍照
              </Button>
              <Button id="evidence-album" size="small" onClick={() => void choosePhotos('album')}>
                从相册选择
              </Button>
              <Button id="evidence-document" size="small" onClick={() => void chooseDocuments()}>
                添加PDF文件
              </Button>
            </View>
          )}
        </View>
      )}
      {message && (
        <View className="warn-text spaced" id="evidence-message">
          {message}
        </View>
      )}

      <View className="spaced" id="evidence-list" data-count={items.length}>
        {items.map((item, index) => (
          <EvidenceRow
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

      <View className="section-title spaced">媒体报道链接</View>
      <View id="evidence-links" data-count={links.length}>
        {links.map((link, index) => (
          <View className="evidence-line row" key={link.id} id={`evidence-link-${index}`}>
            <View className="evidence-item-info">
              <View>{link.name}</View>
              <View className="muted">{link.url}</View>
            </View>
            {!disabled && (
              <Button id={`evidence-link-delete-${index}`} size="small" onClick={() => void removeLink(link)}>
                删除
              </Button>
            )}
          </View>
        ))}
      </View>
      {!disabled && (
        <View className="spaced">
          <Input
            {...fieldId('link-title')}
            className="field-input"
            placeholder="报道标题，如：县电视台《……》"
            maxlength={100}
            value={linkTitle}
            onInput={(e) => setLinkTitle(e.detail.value)}
          />
          <Input
            {...fieldId('link-url')}
            className="field-input spaced"
            placeholder="链接地址 https://…"
            maxlength={1000}
            value={linkUrl}
            onInput={(e) => setLinkUrl(e.detail.value)}
          />
          <View className="row spaced">
            <Button id="link-add" size="small" loading={linkBusy} disabled={linkBusy} onClick={() => void addMediaLink()}>
              添加链接
            </Button>
          </View>
          {linkMessage && (
            <View className="error-text spaced" id="link-message">
              {linkMessage}
            </View>
          )}
        </View>
      )}
    </View>
  );
}

interface RowProps {
  item: FileItem;
  index: number;
  disabled: boolean;
  onRetry: () => void;
  onDelete: () => void;
  onCancelDelete: () => void;
}

function EvidenceRow({ item, index, disabled, onRetry, onDelete, onCancelDelete }: RowProps) {
  const prefix = `evidence-item-${index}`;
  const e = item.evidence;
  const photo = isPhoto(item);
  const name = e?.name ?? item.local?.name ?? '';
  const bytes = e?.bytes ?? item.local?.bytes ?? null;
  const capturedAt = e?.app?.at ?? item.local?.fields.capturedAt;
  const hasPlace = e ? e.app?.latitude != null : item.local?.fields.latitude !== undefined;
  const source = e?.app?.source ?? item.local?.fields.source;
  return (
    <View className="evidence-item" id={prefix} data-status={item.status} data-kind={photo ? 'photo' : 'document'}>
      {photo ? (
        e?.thumbUrl ? (
          <EvidenceImage url={e.thumbUrl} />
        ) : (
          <EvidenceImage url={item.local?.preview ?? null} local />
        )
      ) : (
        <View className="evidence-thumb evidence-thumb-placeholder">PDF</View>
      )}
      <View className="evidence-item-info">
        <View>
          {name} <Text className="muted">{formatBytes(bytes)}</Text>
        </View>
        {photo && (
          <CaptureSummary source={source} capturedAt={capturedAt} hasPlace={hasPlace} />
        )}
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
