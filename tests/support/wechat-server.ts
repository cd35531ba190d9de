/**
 * A WeChat-compatible HTTP server for tests (platform-notes.md, "WeChat server APIs"): tokens,
 * login, and the official account's publishing and the mini-program's subscribe messages, with the
 * limits and errcodes WeChat uses. Real HTTP on 127.0.0.1, no mocks, node:http only.
 *
 *   const wx = await startWechatServer();               // apps: MINI_PROGRAM and OFFICIAL_ACCOUNT
 *   new WechatClient({ ...OFFICIAL_ACCOUNT, apiBase: wx.baseUrl });
 *   wx.expireToken(OFFICIAL_ACCOUNT.appId);             // next use of the token → 42001
 *   wx.failNext(40001);                                 // the next token API call → 40001
 *   wx.failNextPublish(4, [1]);                         // the next submit ends with publish_status 4
 *   wx.setPublishingPolls(1000); wx.endPublishing();    // keep a publish "publishing", then let it finish
 *   wx.refuseSubscription('o-bob');                     // subscribe/send to o-bob → 43101
 *   expect(wx.calls('/cgi-bin/freepublish/submit')).toHaveLength(1);
 *   await wx.close();
 *
 * Every request is recorded in `state.calls` with the access token it carried, the app that token
 * belongs to and the answer it got. The access_token query parameter is checked against the app's
 * currently valid token: missing → 41001, expired → 42001, replaced or unknown → 40001.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AppKind = 'miniprogram' | 'official';
export interface WechatApp {
  appId: string;
  secret: string;
  kind: AppKind;
}
export const MINI_PROGRAM: WechatApp = { appId: 'wx-mini-test', secret: 'mini-secret', kind: 'miniprogram' };
export const OFFICIAL_ACCOUNT: WechatApp = { appId: 'wx-oa-test', secret: 'oa-secret', kind: 'official' };

export interface WechatServerOptions {
  apps?: WechatApp[];
  port?: number;
  /** expires_in of issued tokens (seconds, default 7200). */
  tokenTtlSeconds?: number;
  /** How many freepublish/get polls answer "publishing" (1) before the outcome (default 1). */
  publishingPolls?: number;
}

export interface WechatCall {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The JSON body; for multipart, the parts without their bytes. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The access_token query parameter, if any. */
  token?: string;
  /** The app the call is for: the token's owner, or the appid it names. */
  appId?: string;
  /** The JSON answer, or `{ httpStatus }` when an HTML error page was sent (failHttpNext). */
  answer: { errcode?: number; httpStatus?: number; [k: string]: unknown };
}

export interface TokenState {
  current: string | null;
  expired: boolean;
  issued: string[];
  forcedRefreshes: number;
}
export interface StoredImage {
  url: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  mediaId?: string;
  appId: string;
}
export interface StoredDraft {
  mediaId: string;
  appId: string;
  articles: Record<string, unknown>[];
}
export interface PublishPlan {
  /** 2–6 to fail with that publish_status, or null to succeed. */
  failStatus: number | null;
  failIdx: number[];
  publishingPolls: number;
}
export interface StoredPublish extends PublishPlan {
  publishId: string;
  mediaId: string;
  polls: number;
  articleId: string;
}
export interface SentMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  appId: string;
}

export interface WechatServerState {
  calls: WechatCall[];
  tokens: Map<string, TokenState>;
  usedCodes: Set<string>;
  /** Article images (uploadimg) and permanent image materials (add_material). */
  uploads: StoredImage[];
  materials: StoredImage[];
  drafts: StoredDraft[];
  publishes: StoredPublish[];
  /** Subscribe messages WeChat accepted. */
  messages: SentMessage[];
  refusingOpenids: Set<string>;
}

export interface WechatServer {
  baseUrl: string;
  state: WechatServerState;
  /** Calls to one path, e.g. `/cgi-bin/stable_token`. */
  calls(path: string): WechatCall[];
  /** The app's token expires: its next use answers 42001, and stable_token issues a new one. */
  expireToken(appId?: string): void;
  /** The next token API calls (on `path`, or any) answer these errcodes, one each, before anything else. */
  failNext(errcode: number, opts?: { times?: number; path?: string }): void;
  /** The next requests (any path, stable_token included) answer an HTML page with this HTTP status. */
  failHttpNext(status?: number, times?: number): void;
  /** The next freepublish/submit ends in this publish_status (2–6) with these fail_idx. */
  failNextPublish(status?: number, failIdx?: number[]): void;
  /** freepublish/get answers "publishing" this many times for publishes submitted from now on. */
  setPublishingPolls(n: number): void;
  /** Publishes already submitted answer their outcome at their next poll (a long "publishing" ends). */
  endPublishing(): void;
  /** subscribe/send to these openids answers 43101 (the user refused or used up the subscription). */
  refuseSubscription(...openids: string[]): void;
  close(): Promise<void>;
}

const ERRMSG: Record<number, string> = {
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40004: 'invalid media type',
  40005: 'invalid file type',
  40007: 'invalid media_id',
  40009: 'invalid image size',
  40013: 'invalid appid',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40163: 'code been used',
  41001: 'access_token missing',
  41005: 'media data missing',
  42001: 'access_token expired',
  43101: 'user refuse to accept the msg',
  44003: 'empty news data',
  44004: 'empty content',
  45002: 'content size out of limit',
  45003: 'title size out of limit',
  45004: 'description size out of limit',
  45008: 'article size out of limit',
  45110: 'author size out of limit',
  47003: 'argument invalid',
  48001: 'api unauthorized',
};
const fail = (errcode: number, detail?: string) => ({ errcode, errmsg: detail ? `${ERRMSG[errcode] ?? 'error'}: ${detail}` : ERRMSG[errcode] ?? 'error' });
const ok = <T extends object>(o: T) => ({ errcode: 0, errmsg: 'ok', ...o });
const chars = (s: unknown) => (typeof s === 'string' ? [...s].length : 0);
const rand = () => Math.random().toString(36).slice(2, 10);

/** The APIs that need a token, and which kind of app may call them (else 48001). */
const TOKEN_APIS: Record<string, AppKind> = {
  '/cgi-bin/media/uploadimg': 'official',
  '/cgi-bin/material/add_material': 'official',
  '/cgi-bin/draft/add': 'official',
  '/cgi-bin/freepublish/submit': 'official',
  '/cgi-bin/freepublish/get': 'official',
  '/cgi-bin/message/subscribe/send': 'miniprogram',
};

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  bytes: Buffer;
}

/** A small multipart/form-data reader: enough for what fetch's FormData writes. */
function parseMultipart(raw: Buffer, contentType: string): Part[] | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!m) return null;
  const delim = Buffer.from(`--${m[1] ?? m[2]}`);
  const next = Buffer.concat([Buffer.from('\r\n'), delim]);
  const parts: Part[] = [];
  let pos = raw.indexOf(delim);
  if (pos < 0) return null;
  pos += delim.length;
  while (raw.subarray(pos, pos + 2).toString('latin1') === '\r\n') {
    const headEnd = raw.indexOf('\r\n\r\n', pos);
    const end = headEnd < 0 ? -1 : raw.indexOf(next, headEnd + 4);
    if (end < 0) return null;
    const head = raw.subarray(pos + 2, headEnd).toString('utf8');
    const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return null;
    parts.push({
      name,
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
      contentType: /content-type:\s*([^\r\n]*)/i.exec(head)?.[1]?.trim(),
      bytes: raw.subarray(headEnd + 4, end),
    });
    pos = end + next.length;
  }
  return raw.subarray(pos, pos + 2).toString('latin1') === '--' ? parts : null;
}

function imageType(b: Buffer): string | null {
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
  if (b.subarray(0, 2).toString('latin1') === 'BM') return 'bmp';
  return null;
}

export async function startWechatServer(opts: WechatServerOptions = {}): Promise<WechatServer> {
  const apps = new Map((opts.apps ?? [MINI_PROGRAM, OFFICIAL_ACCOUNT]).map((a) => [a.appId, a]));
  const ttl = opts.tokenTtlSeconds ?? 7200;
  const state: WechatServerState = {
    calls: [],
    tokens: new Map([...apps.keys()].map((id) => [id, { current: null, expired: false, issued: [], forcedRefreshes: 0 }])),
    usedCodes: new Set(),
    uploads: [],
    materials: [],
    drafts: [],
    publishes: [],
    messages: [],
    refusingOpenids: new Set(),
  };
  const queued: { errcode: number; path?: string }[] = [];
  let httpFailures: number[] = [];
  let publishingPolls = opts.publishingPolls ?? 1;
  let nextPublishFailure: { status: number; failIdx: number[] } | null = null;
  let serial = 0;

  const newToken = (appId: string) => {
    const t = state.tokens.get(appId)!;
    t.current = `token-${appId}-${++serial}-${rand()}`;
    t.expired = false;
    t.issued.push(t.current);
    return t.current;
  };
  const ownerOf = (token: string) => [...state.tokens].find(([, t]) => t.issued.includes(token))?.[0];

  function stableToken(b: any) { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (b?.grant_type !== 'client_credential') return fail(40002);
    const app = apps.get(b.appid);
    if (!app) return fail(40013);
    if (b.secret !== app.secret) return fail(40125);
    const t = state.tokens.get(app.appId)!;
    if (b.force_refresh === true) t.forcedRefreshes += 1;
    // Normal mode hands back the token still valid; force_refresh, a first call or expiry make a new one.
    const value = b.force_refresh === true || !t.current || t.expired ? newToken(app.appId) : t.current;
    return { access_token: value, expires_in: ttl };
  }

  function jscode2session(q: Record<string, string>) {
    const app = apps.get(q.appid);
    if (!app || app.kind !== 'miniprogram') return fail(40013);
    if (q.secret !== app.secret) return fail(40125);
    if (q.grant_type !== 'authorization_code') return fail(40002);
    const code = q.js_code ?? '';
    if (!code.startsWith('code-') || code.length <= 5) return fail(40029);
    if (state.usedCodes.has(code)) return fail(40163);
    state.usedCodes.add(code);
    // Like WeChat: no errcode at all on success.
    return { openid: code.slice(5), session_key: `sk-${rand()}` };
  }

  function receiveImage(appId: string, parts: Part[] | null, allowed: string[], maxBytes: number, strictlyBelow: boolean) {
    const media = parts?.find((p) => p.name === 'media' && p.filename !== undefined);
    if (!media || media.bytes.length === 0) return fail(41005);
    const ext = /\.([a-z0-9]+)$/i.exec(media.filename ?? '')?.[1]?.toLowerCase().replace('jpeg', 'jpg');
    const type = imageType(media.bytes);
    if (!type || !allowed.includes(type) || ext !== type) return fail(40005);
    if (strictlyBelow ? media.bytes.length >= maxBytes : media.bytes.length > maxBytes) return fail(40009);
    return { appId, filename: media.filename!, contentType: media.contentType ?? '', bytes: Buffer.from(media.bytes), type };
  }

  function draftAdd(appId: string, b: any) { // eslint-disable-line @typescript-eslint/no-explicit-any
    const articles = b?.articles;
    if (!Array.isArray(articles) || articles.length === 0) return fail(44003);
    if (articles.length > 8) return fail(45008);
    for (const a of articles) {
      if (typeof a?.title !== 'string' || !a.title) return fail(44003, 'title');
      if (chars(a.title) > 32) return fail(45003);
      if (chars(a.author) > 16) return fail(45110);
      if (chars(a.digest) > 128) return fail(45004);
      if (typeof a.content !== 'string' || !a.content) return fail(44004);
      if (chars(a.content) >= 20000 || Buffer.byteLength(a.content) >= 1024 * 1024) return fail(45002);
      if (!state.materials.some((m) => m.mediaId === a.thumb_media_id && m.appId === appId)) return fail(40007, 'thumb_media_id');
    }
    const mediaId = `draft-${++serial}-${rand()}`;
    state.drafts.push({ mediaId, appId, articles });
    return ok({ media_id: mediaId });
  }

  function freepublishGet(b: any) { // eslint-disable-line @typescript-eslint/no-explicit-any
    const p = state.publishes.find((x) => x.publishId === String(b?.publish_id));
    if (!p) return fail(40007, 'publish_id');
    p.polls += 1;
    if (p.polls <= p.publishingPolls) return ok({ publish_id: p.publishId, publish_status: 1 });
    if (p.failStatus !== null) return ok({ publish_id: p.publishId, publish_status: p.failStatus, fail_idx: p.failIdx });
    const draft = state.drafts.find((d) => d.mediaId === p.mediaId)!;
    const item = draft.articles.map((_, i) => ({ idx: i + 1, article_url: `https://mp.weixin.qq.com/s/${p.articleId}-${i + 1}` }));
    return ok({ publish_id: p.publishId, publish_status: 0, article_id: p.articleId, article_detail: { count: item.length, item }, fail_idx: [] });
  }

  function subscribeSend(appId: string, b: any) { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (typeof b?.touser !== 'string' || !b.touser) return fail(40003);
    if (typeof b.template_id !== 'string' || !b.template_id) return fail(40037);
    const data = b.data;
    if (typeof data !== 'object' || data === null || Object.keys(data).length === 0) return fail(47003, 'data');
    for (const [key, v] of Object.entries(data as Record<string, { value?: unknown }>)) {
      if (typeof v?.value !== 'string' || !v.value) return fail(47003, `data.${key}.value empty`);
      if (/^thing\d+$/.test(key) && chars(v.value) > 20) return fail(47003, `data.${key}.value invalid`);
    }
    if (state.refusingOpenids.has(b.touser)) return fail(43101);
    state.messages.push({ touser: b.touser, template_id: b.template_id, page: b.page, data: b.data, appId });
    return ok({ msgid: ++serial });
  }

  function answer(call: WechatCall, parts: Part[] | null): WechatCall['answer'] {
    const { method, path, query, body } = call;
    if (method === 'POST' && path === '/cgi-bin/stable_token') return stableToken(body);
    if (method === 'GET' && path === '/sns/jscode2session') return jscode2session(query);
    const kind = TOKEN_APIS[path];
    if (!kind || method !== 'POST') return { errcode: 404, errmsg: `wechat-server: no route ${method} ${path}` };
    const at = queued.findIndex((q) => !q.path || q.path === path);
    if (at >= 0) return fail(queued.splice(at, 1)[0].errcode);
    const token = call.token;
    if (!token) return fail(41001);
    const appId = ownerOf(token);
    const t = appId === undefined ? undefined : state.tokens.get(appId);
    if (!t || t.current !== token) return fail(40001);
    if (t.expired) return fail(42001);
    const app = apps.get(appId!)!;
    if (app.kind !== kind) return fail(48001);
    switch (path) {
      case '/cgi-bin/media/uploadimg': {
        const img = receiveImage(app.appId, parts, ['jpg', 'png'], 1024 * 1024, true);
        if ('errcode' in img) return img;
        const url = `http://mmbiz.test/uploadimg/${++serial}-${rand()}.${img.type}`;
        state.uploads.push({ ...img, url });
        return { url };
      }
      case '/cgi-bin/material/add_material': {
        if (query.type !== 'image') return fail(40004);
        const img = receiveImage(app.appId, parts, ['jpg', 'png', 'gif', 'bmp'], 10 * 1024 * 1024, false);
        if ('errcode' in img) return img;
        const mediaId = `mat-${++serial}-${rand()}`;
        const url = `http://mmbiz.test/material/${mediaId}.${img.type}`;
        state.materials.push({ ...img, url, mediaId });
        return { media_id: mediaId, url, item: [] };
      }
      case '/cgi-bin/draft/add':
        return draftAdd(app.appId, body);
      case '/cgi-bin/freepublish/submit': {
        if (!state.drafts.some((d) => d.mediaId === body?.media_id && d.appId === app.appId)) return fail(40007);
        const publishId = String(2247483000 + ++serial);
        const plan = nextPublishFailure;
        nextPublishFailure = null;
        state.publishes.push({
          publishId,
          mediaId: body.media_id,
          polls: 0,
          articleId: `art-${publishId}-${rand()}`,
          publishingPolls,
          failStatus: plan?.status ?? null,
          failIdx: plan?.failIdx ?? [],
        });
        return ok({ publish_id: publishId, msg_data_id: serial });
      }
      case '/cgi-bin/freepublish/get':
        return freepublishGet(body);
      default:
        return subscribeSend(app.appId, body);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const u = new URL(req.url ?? '/', 'http://wechat.test');
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown;
    let parts: Part[] | null = null;
    if (contentType.startsWith('multipart/form-data')) {
      parts = parseMultipart(raw, contentType);
      body = { parts: parts?.map(({ name, filename, contentType: type, bytes }) => ({ name, filename, contentType: type, size: bytes.length })) ?? null };
    } else if (raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = raw.toString('utf8');
      }
    }
    const query = Object.fromEntries(u.searchParams);
    const call: WechatCall = { method: req.method ?? '', path: u.pathname, query, body, token: query.access_token, answer: {} };
    call.appId = (call.token && ownerOf(call.token)) || query.appid || (body as { appid?: string } | undefined)?.appid;
    state.calls.push(call);
    const status = httpFailures.shift();
    if (status !== undefined) {
      call.answer = { httpStatus: status };
      res.writeHead(status, { 'content-type': 'text/html' }).end(`<html><body>${status}</body></html>`);
      return;
    }
    call.answer = answer(call, parts);
    // WeChat answers refusals with HTTP 200 and a JSON errcode.
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(call.answer));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const appIds = (appId?: string) => (appId === undefined ? [...apps.keys()] : [appId]);

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    state,
    calls: (path) => state.calls.filter((c) => c.path === path),
    expireToken: (appId) => {
      for (const id of appIds(appId)) {
        const t = state.tokens.get(id);
        if (!t) throw new Error(`wechat-server: no app ${id}`);
        t.expired = true;
      }
    },
    failNext: (errcode, o = {}) => {
      for (let i = 0; i < (o.times ?? 1); i++) queued.push({ errcode, path: o.path });
    },
    failHttpNext: (status = 502, times = 1) => {
      httpFailures = [...httpFailures, ...Array<number>(times).fill(status)];
    },
    failNextPublish: (status = 3, failIdx = [1]) => {
      if (status < 2 || status > 6) throw new Error('wechat-server: a failed publish_status is 2 to 6');
      nextPublishFailure = { status, failIdx };
    },
    setPublishingPolls: (n) => {
      publishingPolls = n;
    },
    endPublishing: () => {
      for (const p of state.publishes) p.publishingPolls = Math.min(p.publishingPolls, p.polls);
    },
    refuseSubscription: (...openids) => openids.forEach((o) => state.refusingOpenids.add(o)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
