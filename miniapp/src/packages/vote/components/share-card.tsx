import { useState } from 'react';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';

/**
 * 分享给朋友. On weapp the button opens WeChat's share sheet (the page's `useShareAppMessage` gives the
 * card). An H5 page cannot open that sheet (only a JS-SDK signed by an official account could), so
 * there the button explains how to share and shows the link to copy.
 */
export function ShareCard({ title }: { title: string }) {
  const [hint, setHint] = useState(false);
  const link = process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' ? window.location.href : '';
  return (
    <View className="section" id="vote-share-card">
      <View className="muted">邀请朋友为「{title}」的候选事项投票</View>
      <View className="spaced">
        {process.env.TARO_ENV === 'weapp' ? (
          <Button id="vote-share" block openType="share">
            分享给朋友
          </Button>
        ) : (
          <Button id="vote-share" block onClick={() => setHint(true)}>
            分享给朋友
          </Button>
        )}
      </View>
      {hint && (
        <View className="share-hint" id="vote-share-hint">
          网页中无法直接调起微信分享：请在微信中打开本页，点右上角「···」分享给朋友，或复制下面的链接发送给朋友。
          {link && <View className="link-text spaced" id="vote-share-link">{link}</View>}
        </View>
      )}
    </View>
  );
}
