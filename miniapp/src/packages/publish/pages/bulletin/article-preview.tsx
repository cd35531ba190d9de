import { RichText, View } from '@tarojs/components';

/**
 * The official-account article as followers will read it. H5: a fully sandboxed frame (no scripts,
 * an opaque origin), so nothing in the HTML can reach the page or its token; its photos are signed
 * links that need none. weapp: `RichText`, which renders markup and runs nothing.
 */
export function ArticlePreview({ html }: { html: string }) {
  return (
    <View className="article-preview" id="bulletin-article">
      {process.env.TARO_ENV === 'h5' ? (
        <iframe
          id="bulletin-article-frame"
          className="article-frame"
          title="公众号文章预览"
          sandbox=""
          srcDoc={`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><style>body{margin:12px;font-size:16px;line-height:1.7;word-wrap:break-word}img{max-width:100%;height:auto}</style></head><body>${html}</body></html>`}
        />
      ) : (
        <RichText className="article-rich" nodes={html} />
      )}
    </View>
  );
}
