import { Text, View } from '@tarojs/components';
import type { Evidence } from '@liangdian/shared';
import { formatBytes, formatDateTime, formatMeters, formatPlace } from '../lib/format';

/** The warning that a photo's on-the-spot record and its EXIF disagree; nothing when they agree. */
export function MismatchNote({ id, photo: p }: { id: string; photo: Evidence }) {
  const m = p.mismatch;
  if (!m) return null;
  return (
    <View className="warn-text" id={id}>
      ⚠ 现场记录与照片信息不一致
      {m.minutes !== null ? `：时间相差${Math.round(m.minutes)}分钟` : ''}
      {m.meters !== null ? `${m.minutes !== null ? '，' : '：'}距离相差${formatMeters(m.meters)}` : ''}
    </View>
  );
}

/** A photo's facts, read-only: name and size, the on-the-spot record, the EXIF, and any mismatch (id `${prefix}-mismatch`). */
export function PhotoFacts({ prefix, photo: p }: { prefix: string; photo: Evidence }) {
  return (
    <>
      <View className="muted">
        {p.name} {formatBytes(p.bytes)}
        {p.width && p.height ? ` · ${p.width}×${p.height}` : ''}
      </View>
      <View>
        <Text className="detail-label">现场记录</Text>
        {p.app && p.app.source !== 'album' ? (
          <Text>
            现场拍摄 · {formatDateTime(p.app.at)} · {formatPlace(p.app.latitude, p.app.longitude, p.app.accuracy)}
          </Text>
        ) : (
          <Text className="muted">{p.app ? '从相册选取，' : ''}无现场拍摄记录</Text>
        )}
      </View>
      <View>
        <Text className="detail-label">照片信息</Text>
        {p.exif ? (
          <Text>
            {formatDateTime(p.exif.at)} · {formatPlace(p.exif.latitude, p.exif.longitude)}
          </Text>
        ) : (
          <Text className="muted">照片不含拍摄信息（EXIF）</Text>
        )}
      </View>
      <MismatchNote id={`${prefix}-mismatch`} photo={p} />
    </>
  );
}
