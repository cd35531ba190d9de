/**
 * The official account's publishing APIs (platform-notes.md, "Official account publishing"): the
 * limits WeChat enforces, checked before sending so a refusal names the field, and the parsing of
 * the publish status. The HTTP calls themselves are WechatClient's.
 */
import { WechatError, WechatInputError } from './wechat-error';

/** One article of a draft, in our names; `toWireArticle` gives WeChat's. */
export interface DraftArticle {
  /** ≤ 32 characters. */
  title: string;
  /** ≤ 16 characters. */
  author?: string;
  /** ≤ 128 characters; shown under the title in shares (single-article drafts only). */
  digest?: string;
  /** HTML, < 20 000 characters. Images must be URLs from `uploadArticleImage`: WeChat drops others. */
  content: string;
  /** The "read the original" link. */
  contentSourceUrl?: string;
  /** The cover: a permanent image material's media_id (`addImageMaterial`). */
  thumbMediaId: string;
  needOpenComment?: boolean;
  onlyFansCanComment?: boolean;
}

export type PublishStatus = 'published' | 'publishing' | 'failed';

export interface PublishState {
  status: PublishStatus;
  /** WeChat's publish_status: 0 published, 1 publishing, 2 original-check failed, 3 failed,
   *  4 review refused, 5 deleted after publishing, 6 banned after publishing. */
  publishStatus: number;
  /** The articles' permanent URLs, in draft order (when published). */
  articleUrls: string[];
  /** Which articles failed (1-based, as WeChat numbers them). */
  failIdx: number[];
  articleId?: string;
}

// WeChat's limits, counted in characters (a Chinese character is one).
const LIMITS = { title: 32, author: 16, digest: 128 } as const;
/** content must be *below* 20 000 characters (and 1 MB). */
const CONTENT_MAX = 20_000;
/** A draft holds 1 to 8 articles. */
const ARTICLES_MAX = 8;
const chars = (s: string) => [...s].length;

export function validateDraft(articles: DraftArticle[]): void {
  const api = 'draft/add';
  if (!Array.isArray(articles) || articles.length < 1 || articles.length > ARTICLES_MAX) {
    throw new WechatInputError(api, 'articles', `must hold 1 to ${ARTICLES_MAX} articles`);
  }
  articles.forEach((a, i) => {
    const at = (field: string) => `articles[${i}].${field}`;
    if (typeof a.title !== 'string' || !a.title.trim()) throw new WechatInputError(api, at('title'), 'is required');
    for (const field of ['title', 'author', 'digest'] as const) {
      const v = a[field];
      if (v !== undefined && chars(v) > LIMITS[field]) {
        throw new WechatInputError(api, at(field), `has ${chars(v)} characters, WeChat allows ${LIMITS[field]}`);
      }
    }
    if (typeof a.content !== 'string' || !a.content.trim()) throw new WechatInputError(api, at('content'), 'is required');
    if (chars(a.content) >= CONTENT_MAX) {
      throw new WechatInputError(api, at('content'), `has ${chars(a.content)} characters, WeChat wants fewer than ${CONTENT_MAX}`);
    }
    if (typeof a.thumbMediaId !== 'string' || !a.thumbMediaId) {
      throw new WechatInputError(api, at('thumbMediaId'), 'is required (a cover from addImageMaterial)');
    }
  });
}

export function toWireArticle(a: DraftArticle) {
  return {
    article_type: 'news',
    title: a.title,
    author: a.author,
    digest: a.digest,
    content: a.content,
    content_source_url: a.contentSourceUrl,
    thumb_media_id: a.thumbMediaId,
    need_open_comment: a.needOpenComment === undefined ? undefined : Number(a.needOpenComment),
    only_fans_can_comment: a.onlyFansCanComment === undefined ? undefined : Number(a.onlyFansCanComment),
  };
}

export interface ImageType {
  mime: string;
  ext: string;
}
const JPEG: ImageType = { mime: 'image/jpeg', ext: 'jpg' };
const PNG: ImageType = { mime: 'image/png', ext: 'png' };
const GIF: ImageType = { mime: 'image/gif', ext: 'gif' };
const BMP: ImageType = { mime: 'image/bmp', ext: 'bmp' };
const EXTENSIONS: Record<string, ImageType> = { jpg: JPEG, jpeg: JPEG, png: PNG, gif: GIF, bmp: BMP };

/** The image type the bytes are (magic numbers), or null. */
function sniffImage(b: Buffer): ImageType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return JPEG;
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return PNG;
  if (b.subarray(0, 4).toString('latin1') === 'GIF8') return GIF;
  if (b.subarray(0, 2).toString('latin1') === 'BM') return BMP;
  return null;
}

/** What an upload API takes: these types, and at most (or strictly below) maxBytes. */
export interface ImageRule {
  types: ImageType[];
  maxBytes: number;
  strictlyBelow: boolean;
}
/** uploadimg: jpg/png "below 1 MB". */
export const ARTICLE_IMAGE: ImageRule = { types: [JPEG, PNG], maxBytes: 1024 * 1024, strictlyBelow: true };
/** add_material type=image: bmp/png/jpeg/jpg/gif up to 10 MB. */
export const MATERIAL_IMAGE: ImageRule = { types: [JPEG, PNG, GIF, BMP], maxBytes: 10 * 1024 * 1024, strictlyBelow: false };

/**
 * Checks an image against an API's rule: the bytes decide the type, and the file name's extension
 * must agree (WeChat goes by the extension too: a PNG named .jpg is refused there).
 */
export function checkImage(api: string, bytes: Buffer, filename: string, rule: ImageRule): ImageType {
  const names = rule.types.map((t) => t.ext).join('/');
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new WechatInputError(api, 'media', 'is empty');
  if (rule.strictlyBelow ? bytes.length >= rule.maxBytes : bytes.length > rule.maxBytes) {
    const limit = `${rule.strictlyBelow ? 'below' : 'up to'} ${rule.maxBytes} bytes`;
    throw new WechatInputError(api, 'media', `is ${bytes.length} bytes; WeChat takes ${names} images ${limit}`);
  }
  const type = sniffImage(bytes);
  if (!type || !rule.types.includes(type)) throw new WechatInputError(api, 'media', `is not a ${names} image`);
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  if (EXTENSIONS[ext] !== type) throw new WechatInputError(api, 'filename', `"${filename}" must end in .${type.ext} for a ${type.mime} image`);
  return type;
}

interface PublishAnswer {
  publish_status?: unknown;
  article_id?: unknown;
  article_detail?: { item?: { idx?: number; article_url?: unknown }[] };
  fail_idx?: unknown;
}

export function parsePublishState(b: PublishAnswer): PublishState {
  const s = b.publish_status;
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > 6) {
    throw new WechatError(-1, 'no publish_status in answer', 'freepublish/get', { kind: 'answer' });
  }
  const items = [...(b.article_detail?.item ?? [])].sort((x, y) => (x.idx ?? 0) - (y.idx ?? 0));
  const articleUrls = items.map((i) => i.article_url).filter((u): u is string => typeof u === 'string' && u !== '');
  const failIdx = Array.isArray(b.fail_idx) ? b.fail_idx.filter((n): n is number => typeof n === 'number') : [];
  const status: PublishStatus = s === 0 ? 'published' : s === 1 ? 'publishing' : 'failed';
  if (status === 'published' && articleUrls.length === 0) {
    throw new WechatError(-1, 'published without article_detail urls', 'freepublish/get', { kind: 'answer' });
  }
  return { status, publishStatus: s, articleUrls, failIdx, ...(typeof b.article_id === 'string' ? { articleId: b.article_id } : {}) };
}
