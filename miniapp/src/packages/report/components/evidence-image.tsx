import { useEffect, useState } from 'react';
import { Image, View } from '@tarojs/components';
import { evidenceImageSrc } from '../../../api/client';

interface Props {
  /** An API path that needs the bearer token (`evidence.thumbUrl`), or a local src (temp path, blob:). */
  url: string | null;
  local?: boolean;
  className?: string;
  id?: string;
  onTap?: () => void;
}

/** An evidence image loaded through the API client (the token cannot ride on `<Image src>`). */
export function EvidenceImage({ url, local = false, className = 'evidence-thumb', id, onTap }: Props) {
  const [src, setSrc] = useState<string | null>(local ? url : null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (local || !url) {
      setSrc(url);
      return;
    }
    let live = true;
    setFailed(false);
    evidenceImageSrc(url).then(
      (loaded) => live && setSrc(loaded),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [url, local]);

  if (src) return <Image id={id} className={className} src={src} mode="aspectFill" onClick={onTap} />;
  return (
    <View id={id} className={`${className} evidence-thumb-placeholder`} onClick={onTap}>
      {!url ? '无预览' : failed ? '加载失败' : '加载中'}
    </View>
  );
}
