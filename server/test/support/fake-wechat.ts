/**
 * A real local HTTP server that imitates the WeChat server APIs the product uses (platform-notes.md,
 * "WeChat server APIs"), so the WeChat client and the login routes are tested over real HTTP with
 * no mocks. Tests register login codes and phone codes, make tokens stale, queue errcodes, and
 * assert on the recorded requests (appid, secret, grant_type, js_code, force_refresh...).
 *
 *   const fake = await startFakeWechat({ appId: 'wx-test', secret: 'test-secret' });
 *   fake.addLoginCode('c1', 'o-alice');            // → { openid: 'o-alice', session_key }
 *   fake.addLoginCode('c2', { errcode: 40226 });   // → { errcode: 40226, errmsg }
 *   fake.addPhoneCode('p1', '13900000001');
 *   ... WECHAT_API_BASE = fake.url ...
 *   await fake.stop();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body (POST), or undefined. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** How the server answers everything while it is "down" (HTTP 502 with an HTML page, or a reset socket). */
export type DownMode = 'html' | 'reset' | null;

export interface FakeWechat {
  url: string;
  requests: RecordedRequest[];
  /** Requests to one API path, e.g. `/cgi-bin/stable_token`. */
  calls(path: string): RecordedRequest[];
  /** A `wx.login` code: works once for an openid, or always answers the given errcode. */
  addLoginCode(code: string, answer: string | { errcode: number }): void;
  /** A `getPhoneNumber` button code and the (mainland) phone number it stands for. */
  addPhoneCode(code: string, phone: string): void;
  /** The access token currently valid; null before the first stable_token call. */
  currentToken(): string | null;
  /** The current token stops working: API calls get 40001 until a `force_refresh` issues a new one. */
  makeTokenStale(): void;
  /** The next API calls (not stable_token) answer these errcodes, one each, before anything else. */
  queueApiErrors(...errcodes: number[]): void;
  /** The next API call (not stable_token) waits for `release()`; it is answered as things stand then. */
  holdNextApiCall(): { arrived: Promise<void>; release: () => void };
  setDown(mode: DownMode): void;
  /** msg_sec_check: text containing `word` gets this verdict (default: pass). */
  setContentVerdict(word: string, suggest: 'pass' | 'review' | 'risky'): void;
  stop(): Promise<void>;
}

const ERRMSG: Record<number, string> = {
  40001: 'invalid credential, access_token is invalid or not latest',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'high risk user',
  45011: 'api minute-quota reach limit, mustslower retry next minute',
  42001: 'access_token expired',
};

export async function startFakeWechat(opts: { appId?: string; secret?: string; port?: number } = {}): Promise<FakeWechat> {
  const appId = opts.appId ?? 'wx-test';
  const secret = opts.secret ?? 'test-secret';
  const requests: RecordedRequest[] = [];
  const loginCodes = new Map<string, string | { errcode: number }>();
  const usedCodes = new Set<string>();
  const phoneCodes = new Map<string, string>();
  const apiErrors: number[] = [];
  const verdicts = new Map<string, 'pass' | 'review' | 'risky'>();
  let token: string | null = null;
  let tokenSerial = 0;
  let stale = false;
  let down: DownMode = null;
  let hold: { arrive: () => void; released: Promise<void> } | null = null;

  const fail = (errcode: number) => ({ errcode, errmsg: ERRMSG[errcode] ?? 'error' });
  const newToken = () => {
    tokenSerial += 1;
    token = `fake-token-${tokenSerial}-${Math.random().toString(36).slice(2, 10)}`;
    stale = false;
    return token;
  };

  function answer(req: RecordedRequest): unknown {
    if (req.method === 'GET' && req.path === '/sns/jscode2session') {
      const q = req.query;
      if (q.appid !== appId) return fail(40013);
      if (q.secret !== secret) return fail(40125);
      if (q.grant_type !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' };
      const entry = loginCodes.get(q.js_code ?? '');
      if (entry === undefined) return fail(40029);
      if (typeof entry !== 'string') return fail(entry.errcode);
      if (usedCodes.has(q.js_code)) return fail(40163);
      usedCodes.add(q.js_code);
      // Like WeChat: no errcode at all on success.
      return { openid: entry, session_key: `sk-${q.js_code}` };
    }
    if (req.method === 'POST' && req.path === '/cgi-bin/stable_token') {
      const b = req.body ?? {};
      if (b.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
      if (b.appid !== appId) return fail(40013);
      if (b.secret !== secret) return fail(40125);
      // Normal mode hands back the token still valid; force_refresh (or a first call) makes a new one.
      const value = b.force_refresh === true || token === null ? newToken() : token;
      return { access_token: value, expires_in: 7200 };
    }
    if (req.method === 'POST' && req.path === '/wxa/business/getuserphonenumber') {
      if (apiErrors.length) return fail(apiErrors.shift()!);
      if (!token || req.query.access_token !== token || stale) return fail(40001);
      const phone = phoneCodes.get(req.body?.code);
      if (!phone) return fail(40029);
      phoneCodes.delete(req.body.code);
      return { errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86', watermark: { appid: appId } } };
    }
    if (req.method === 'POST' && req.path === '/wxa/msg_sec_check') {
      if (apiErrors.length) return fail(apiErrors.shift()!);
      if (!token || req.query.access_token !== token || stale) return fail(40001);
      const b = req.body ?? {};
      if (b.version !== 2 || typeof b.content !== 'string' || ![1, 2, 3, 4].includes(b.scene)) return fail(47001);
      // WeChat knows only openids of users who opened the mini-program: ours start with "o".
      if (typeof b.openid !== 'string' || !b.openid.startsWith('o')) return fail(40003);
      let suggest: 'pass' | 'review' | 'risky' = 'pass';
      for (const [word, verdict] of verdicts) {
        if (b.content.includes(word) && (verdict === 'risky' || suggest === 'pass')) suggest = verdict;
      }
      return { errcode: 0, errmsg: 'ok', result: { suggest, label: suggest === 'pass' ? 100 : 20001 }, detail: [] };
    }
    return { errcode: 404, errmsg: `fake wechat: no route ${req.method} ${req.path}` };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'http://fake');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const recorded: RecordedRequest = { method: req.method ?? '', path: u.pathname, query: Object.fromEntries(u.searchParams), body };
    requests.push(recorded);
    if (hold && req.method === 'POST' && u.pathname !== '/cgi-bin/stable_token') {
      const h = hold;
      hold = null;
      h.arrive();
      await h.released;
    }
    if (down === 'reset') {
      req.socket.destroy();
      return;
    }
    if (down === 'html') {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
      return;
    }
    // WeChat answers errors with HTTP 200 and a JSON errcode; jscode2session even says text/plain.
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer(recorded)));
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

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (path) => requests.filter((r) => r.path === path),
    addLoginCode: (code, a) => void loginCodes.set(code, a),
    addPhoneCode: (code, phone) => void phoneCodes.set(code, phone),
    currentToken: () => token,
    makeTokenStale: () => {
      stale = true;
    },
    queueApiErrors: (...codes) => void apiErrors.push(...codes),
    holdNextApiCall: () => {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((r) => (arrive = r));
      hold = { arrive, released: new Promise<void>((r) => (release = r)) };
      return { arrived, release };
    },
    setDown: (mode) => {
      down = mode;
    },
    setContentVerdict: (word, suggest) => {
      verdicts.set(word, suggest);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
