import Taro from '@tarojs/taro';
import type { Evidence } from '@liangdian/shared';
import { errorText, evidenceImageSrc } from '../../../api/client';

/** A photo full screen: its preview size, else its thumbnail; a failure shows as a toast. */
export async function previewPhoto(photo: Evidence): Promise<void> {
  const url = photo.previewUrl ?? photo.thumbUrl;
  if (!url) return;
  try {
    const src = await evidenceImageSrc(url);
    await Taro.previewImage({ urls: [src], current: src });
  } catch (error) {
    void Taro.showToast({ title: errorText(error), icon: 'none' });
  }
}
