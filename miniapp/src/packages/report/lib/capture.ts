import Taro from '@tarojs/taro';
import type { UploadFields } from '../../../api/client';

const LOCATION_TIMEOUT_MS = 10000;

export const NO_PLACE = '未获取到拍摄地点（未授权定位或定位失败），照片不带位置上传';

/** Where the phone is, right now; null when refused, unavailable or too slow. */
export async function locate(): Promise<Pick<UploadFields, 'latitude' | 'longitude' | 'accuracy'> | null> {
  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), LOCATION_TIMEOUT_MS));
    const loc = await Promise.race([Taro.getLocation({ type: 'wgs84' }), timeout]);
    const accuracy = loc.horizontalAccuracy || loc.accuracy;
    return {
      latitude: loc.latitude,
      longitude: loc.longitude,
      ...(Number.isFinite(accuracy) && accuracy >= 0 ? { accuracy: Math.min(accuracy, 100000) } : {}),
    };
  } catch {
    return null;
  }
}

/**
 * What the app records about photos as they are taken: for the camera, the time and place now
 * (field evidence); for the album, only where they came from. `note` says when the place is missing.
 */
export async function captureStamp(camera: boolean): Promise<{ fields: UploadFields; note?: string }> {
  const source = camera ? 'camera' : 'album';
  if (!camera) return { fields: { source } };
  const place = await locate();
  return { fields: { source, capturedAt: new Date().toISOString(), ...(place ?? {}) }, note: place ? undefined : NO_PLACE };
}

export interface PickedPhoto {
  source: string;
  name: string;
  bytes: number | null;
  preview: string;
  fields: UploadFields;
  note?: string;
}

/** weapp: the camera or the album, original size, stamped by captureStamp; null when cancelled. */
export async function chooseWeappPhotos(source: 'camera' | 'album', room: number): Promise<PickedPhoto[] | null> {
  let picked: Taro.chooseMedia.SuccessCallbackResult;
  try {
    picked = await Taro.chooseMedia({ count: source === 'camera' ? 1 : room, mediaType: ['image'], sourceType: [source], sizeType: ['original'] });
  } catch {
    return null; // Cancelled.
  }
  const stamp = await captureStamp(source === 'camera');
  return picked.tempFiles.map((f, i) => ({
    source: f.tempFilePath,
    name: f.tempFilePath.split('/').pop() || `照片${i + 1}.jpg`,
    bytes: f.size ?? null,
    preview: f.tempFilePath,
    fields: stamp.fields,
    note: stamp.note,
  }));
}
