/**
 * A thin, typed client for the WeChat server APIs the product uses (platform-notes.md). The base URL
 * is a setting so tests talk to a local fake. Every call returns parsed data or throws WechatError
 * (WeChat's errcode, or -1 for transport failures, with `retryable`); requests WeChat would refuse
 * for their size or shape throw WechatInputError before anything is sent. Callers map errcodes to
 * our error codes. One client per appid: the mini-program and the official account are two.
 */
import {
  ARTICLE_IMAGE,
  MATERIAL_IMAGE,
  checkImage,
  parsePublishState,
  toWireArticle,
  validateDraft,
  type DraftArticle,
  type PublishState,
} from './official-account';
import { toWireData, type SubscribeMessage } from './subscribe-message';
import { tokenCacheFor, type TokenCache } from './token-cache';
import { WechatError, WechatInputError } from './wechat-error';

export { WechatError, WechatInputError, type WechatErrorKind } from './wechat-error';
export type { DraftArticle, PublishState, PublishStatus } from './official-account';
export type { SubscribeMessage } from './subscribe-message';

export interface WechatSettings {
  appId: string;
  secret: string;
  apiBase: string;
}

/** errcodes meaning the access token is stale: refresh once and retry. */
const TOKEN_EXPIRED = new Set([40001, 42001]);
const TIMEOUT_MS = 5000;
/** Multipart uploads carry up to 10 MB. */
const UPLOAD_TIMEOUT_MS = 30_000;

export interface Code2Session {
  openid: string;
  session_key: string;
  unionid?: string;
}

export interface MsgSecCheck {
  suggest: 'pass' | 'review' | 'risky';
  label: number;
}

export interface PhoneInfo {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

interface WechatErrorBody {
  errcode?: number;
  errmsg?: string;
}

/** One call: the path (with its query), and a JSON body or a multipart form. */
export interface WechatRequest {
  path: string;
  /** A JSON body, or a multipart form (uploads). */
  body?: unknown;
  form?: FormData;
  timeoutMs?: number;
}

const withAccessToken = (path: string, token: string) => `${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`;

function requireString(value: unknown, field: string, api: string): string {
  if (typeof value === 'string' && value) return value;
  // WeChat documents publish_id as a string but has been seen answering a number.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new WechatError(-1, `no ${field} in answer`, api, { kind: 'answer' });
}

function mediaForm(bytes: Buffer, filename: string, mime: string): FormData {
  const form = new FormData();
  form.append('media', new Blob([new Uint8Array(bytes)], { type: mime }), filename);
  return form;
}

export class WechatClient {
  private readonly cache: TokenCache;

  constructor(
    private readonly settings: WechatSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = tokenCacheFor(settings);
  }

  /** `wx.login` code → openid. errcodes: 40029 bad code, 40163 used, 45011 rate limit, 40226 risky user. */
  async code2Session(jsCode: string): Promise<Code2Session> {
    const q = new URLSearchParams({
      appid: this.settings.appId,
      secret: this.settings.secret,
      js_code: jsCode,
      grant_type: 'authorization_code',
    });
    const body = await this.send<Code2Session>('jscode2session', 'GET', { path: `/sns/jscode2session?${q}` });
    if (typeof body.openid !== 'string' || !body.openid) throw new WechatError(-1, 'no openid in answer', 'jscode2session', { kind: 'answer' });
    return body;
  }

  /** `getPhoneNumber` button code → the verified phone number. */
  async getPhoneNumber(code: string): Promise<PhoneInfo> {
    const body = await this.withToken<{ phone_info: PhoneInfo }>('getuserphonenumber', (t) => ({
      path: withAccessToken('/wxa/business/getuserphonenumber', t),
      body: { code },
    }));
    if (!body.phone_info || typeof body.phone_info.purePhoneNumber !== 'string') {
      throw new WechatError(-1, 'no phone_info in answer', 'getuserphonenumber', { kind: 'answer' });
    }
    return body.phone_info;
  }

  /**
   * Text content security v2. `suggest` decides: pass, review (a person must look) or risky.
   * WeChat needs the openid of a user who opened the mini-program in the last two hours.
   */
  async msgSecCheck(input: { openid: string; scene: 1 | 2 | 3 | 4; content: string }): Promise<MsgSecCheck> {
    const body = await this.withToken<{ result?: MsgSecCheck }>('msg_sec_check', (t) => ({
      path: withAccessToken('/wxa/msg_sec_check', t),
      body: { version: 2, openid: input.openid, scene: input.scene, content: input.content },
    }));
    const suggest = body.result?.suggest;
    if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') {
      throw new WechatError(-1, 'no result.suggest in answer', 'msg_sec_check', { kind: 'answer' });
    }
    return { suggest, label: body.result?.label ?? 0 };
  }

  /**
   * Subscribe message to a mini-program user. Resolves when WeChat accepted it; 43101 (the user did
   * not accept a subscription, or used it up) is a WechatError like any refusal, for the caller to
   * record. `thing` values over 20 characters are shortened (subscribe-message.ts says why).
   */
  async sendSubscribeMessage(m: SubscribeMessage): Promise<void> {
    const api = 'subscribe/send';
    if (!m.touser) throw new WechatInputError(api, 'touser', 'is required');
    if (!m.templateId) throw new WechatInputError(api, 'templateId', 'is required');
    await this.withToken(api, (t) => ({
      path: withAccessToken('/cgi-bin/message/subscribe/send', t),
      body: {
        touser: m.touser,
        template_id: m.templateId,
        page: m.page,
        data: toWireData(m.data),
        miniprogram_state: m.miniprogramState,
        lang: 'zh_CN',
      },
    }));
  }

  /** An image for use *inside* article HTML (not a material, no media_id) → its mmbiz URL. jpg/png < 1 MB. */
  async uploadArticleImage(bytes: Buffer, filename: string): Promise<string> {
    const api = 'uploadimg';
    const type = checkImage(api, bytes, filename, ARTICLE_IMAGE);
    const body = await this.withToken<{ url?: unknown }>(api, (t) => ({
      path: withAccessToken('/cgi-bin/media/uploadimg', t),
      form: mediaForm(bytes, filename, type.mime),
      timeoutMs: UPLOAD_TIMEOUT_MS,
    }));
    return requireString(body.url, 'url', api);
  }

  /** A permanent image material (an article's cover: `thumbMediaId`). bmp/png/jpeg/gif ≤ 10 MB. */
  async addImageMaterial(bytes: Buffer, filename: string): Promise<{ mediaId: string; url: string }> {
    const api = 'add_material';
    const type = checkImage(api, bytes, filename, MATERIAL_IMAGE);
    const body = await this.withToken<{ media_id?: unknown; url?: unknown }>(api, (t) => ({
      path: withAccessToken('/cgi-bin/material/add_material?type=image', t),
      form: mediaForm(bytes, filename, type.mime),
      timeoutMs: UPLOAD_TIMEOUT_MS,
    }));
    return { mediaId: requireString(body.media_id, 'media_id', api), url: requireString(body.url, 'url', api) };
  }

  /** A draft of 1–8 articles → its media_id. The limits are checked here first (official-account.ts). */
  async addDraft(articles: DraftArticle[]): Promise<string> {
    validateDraft(articles);
    // JSON.stringify leaves Chinese as it is: WeChat would show \uXXXX escapes literally.
    const body = await this.withToken<{ media_id?: unknown }>('draft/add', (t) => ({
      path: withAccessToken('/cgi-bin/draft/add', t),
      body: { articles: articles.map(toWireArticle) },
    }));
    return requireString(body.media_id, 'media_id', 'draft/add');
  }

  /**
   * Publishes a draft (free publish: followers are not notified) → publish_id; the result comes
   * later through `getPublish`. A transport failure here does not say whether WeChat took it: look
   * before submitting again.
   */
  async submitPublish(mediaId: string): Promise<string> {
    const body = await this.withToken<{ publish_id?: unknown }>('freepublish/submit', (t) => ({
      path: withAccessToken('/cgi-bin/freepublish/submit', t),
      body: { media_id: mediaId },
    }));
    return requireString(body.publish_id, 'publish_id', 'freepublish/submit');
  }

  /** Where a publish stands: publishing, published (with the articles' URLs) or failed (fail_idx). */
  async getPublish(publishId: string): Promise<PublishState> {
    const body = await this.withToken<Parameters<typeof parsePublishState>[0]>('freepublish/get', (t) => ({
      path: withAccessToken('/cgi-bin/freepublish/get', t),
      body: { publish_id: publishId },
    }));
    return parsePublishState(body);
  }

  /**
   * The stable access token, cached until 5 minutes before expiry, shared by all clients of this
   * app in the process. One refresh at a time (single-flight): concurrent callers share it.
   * stable_token does not invalidate the tokens other processes hold, so each process keeps its own.
   */
  async accessToken(forceRefresh = false): Promise<string> {
    const cache = this.cache;
    if (!forceRefresh && cache.token && cache.token.expiresAt > this.now()) return cache.token.value;
    if (!cache.refreshing) {
      cache.refreshing = this.send<{ access_token: string; expires_in: number }>('stable_token', 'POST', {
        path: '/cgi-bin/stable_token',
        body: { grant_type: 'client_credential', appid: this.settings.appId, secret: this.settings.secret, force_refresh: forceRefresh },
      })
        .then((b) => {
          if (typeof b.access_token !== 'string' || !b.access_token || typeof b.expires_in !== 'number') {
            throw new WechatError(-1, 'no access_token in answer', 'stable_token', { kind: 'answer' });
          }
          cache.token = { value: b.access_token, expiresAt: this.now() + Math.max(0, b.expires_in - 300) * 1000 };
          return b.access_token;
        })
        .finally(() => {
          cache.refreshing = null;
        });
    }
    return cache.refreshing;
  }

  /**
   * Calls an API that needs the access token, refreshing it once if WeChat says it is stale
   * (40001 invalid, 42001 expired). A second stale answer is surfaced, never looped on. Safe for
   * non-idempotent calls: a stale-token refusal means WeChat did nothing.
   */
  async withToken<T>(api: string, build: (token: string) => WechatRequest): Promise<T> {
    const used = await this.accessToken();
    try {
      return await this.send<T>(api, 'POST', build(used));
    } catch (e) {
      if (!(e instanceof WechatError) || e.kind !== 'errcode' || !TOKEN_EXPIRED.has(e.errcode)) throw e;
      return this.send<T>(api, 'POST', build(await this.tokenReplacing(used)));
    }
  }

  /**
   * A token other than `rejected`. A forced refresh invalidates the token before it and WeChat allows
   * few of them (20 a day), so callers that failed with the same stale token share one: a caller whose
   * token was already replaced (by a refresh in flight or done) takes the new one without forcing.
   */
  private async tokenReplacing(rejected: string): Promise<string> {
    if (this.cache.refreshing) await this.cache.refreshing.catch(() => undefined);
    const t = this.cache.token;
    if (t && t.value !== rejected && t.expiresAt > this.now()) return t.value;
    return this.accessToken(true);
  }

  private async send<T>(api: string, method: 'GET' | 'POST', req: WechatRequest): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.settings.apiBase + req.path, {
        method,
        // fetch writes the multipart content-type with its boundary itself.
        headers: req.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: req.form ?? (req.body === undefined ? undefined : JSON.stringify(req.body)),
        signal: AbortSignal.timeout(req.timeoutMs ?? TIMEOUT_MS),
      });
    } catch (e) {
      throw new WechatError(-1, `network: ${(e as Error).message}`, api, { kind: 'transport' });
    }
    const transport = (why: string) => new WechatError(-1, `HTTP ${res.status}, ${why}`, api, { kind: 'transport', httpStatus: res.status });
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw transport(`answer cut off: ${(e as Error).message}`);
    }
    // WeChat answers refusals with HTTP 200 and an errcode: a 5xx is a gateway in trouble, whatever it says.
    if (res.status >= 500) throw transport('server error');
    let body: T & WechatErrorBody;
    try {
      body = JSON.parse(text);
    } catch {
      throw transport('not a JSON answer');
    }
    if (typeof body !== 'object' || body === null) throw new WechatError(-1, 'not a JSON object', api, { kind: 'answer', httpStatus: res.status });
    // A missing errcode means success (jscode2session answers without one).
    if (body.errcode) throw new WechatError(body.errcode, body.errmsg ?? '', api);
    return body;
  }
}
