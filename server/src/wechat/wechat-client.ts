/**
 * A thin, typed client for the WeChat server APIs the product uses (platform-notes.md). The base URL
 * is a setting so tests talk to a local fake. Every call returns parsed data or throws WechatError
 * with WeChat's errcode; callers map errcodes to our error codes.
 */
export interface WechatSettings {
  appId: string;
  secret: string;
  apiBase: string;
}

export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`);
  }
}

/** errcodes meaning the access token is stale: refresh once and retry. */
const TOKEN_EXPIRED = new Set([40001, 42001]);
const TIMEOUT_MS = 5000;

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

export class WechatClient {
  private token: { value: string; expiresAt: number } | null = null;
  private refreshing: Promise<string> | null = null;

  constructor(
    private readonly settings: WechatSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** `wx.login` code → openid. errcodes: 40029 bad code, 40163 used, 45011 rate limit, 40226 risky user. */
  async code2Session(jsCode: string): Promise<Code2Session> {
    const q = new URLSearchParams({
      appid: this.settings.appId,
      secret: this.settings.secret,
      js_code: jsCode,
      grant_type: 'authorization_code',
    });
    const body = await this.send<Code2Session>('jscode2session', `/sns/jscode2session?${q}`, { method: 'GET' });
    if (typeof body.openid !== 'string' || !body.openid) throw new WechatError(-1, 'no openid in answer', 'jscode2session');
    return body;
  }

  /** `getPhoneNumber` button code → the verified phone number. */
  async getPhoneNumber(code: string): Promise<PhoneInfo> {
    const body = await this.withToken<{ phone_info: PhoneInfo }>('getuserphonenumber', (t) => ({
      path: `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(t)}`,
      body: { code },
    }));
    if (!body.phone_info || typeof body.phone_info.purePhoneNumber !== 'string') {
      throw new WechatError(-1, 'no phone_info in answer', 'getuserphonenumber');
    }
    return body.phone_info;
  }

  /**
   * Text content security v2. `suggest` decides: pass, review (a person must look) or risky.
   * WeChat needs the openid of a user who opened the mini-program in the last two hours.
   */
  async msgSecCheck(input: { openid: string; scene: 1 | 2 | 3 | 4; content: string }): Promise<MsgSecCheck> {
    const body = await this.withToken<{ result?: MsgSecCheck }>('msg_sec_check', (t) => ({
      path: `/wxa/msg_sec_check?access_token=${encodeURIComponent(t)}`,
      body: { version: 2, openid: input.openid, scene: input.scene, content: input.content },
    }));
    const suggest = body.result?.suggest;
    if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') throw new WechatError(-1, 'no result.suggest in answer', 'msg_sec_check');
    return { suggest, label: body.result?.label ?? 0 };
  }

  /**
   * The stable access token, cached until 5 minutes before expiry. One refresh at a time
   * (single-flight): concurrent callers share it. stable_token does not invalidate the tokens other
   * processes hold, so each server process may keep its own cache.
   */
  async accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.token && this.token.expiresAt > this.now()) return this.token.value;
    if (!this.refreshing) {
      this.refreshing = this.send<{ access_token: string; expires_in: number }>('stable_token', '/cgi-bin/stable_token', {
        method: 'POST',
        body: { grant_type: 'client_credential', appid: this.settings.appId, secret: this.settings.secret, force_refresh: forceRefresh },
      })
        .then((b) => {
          if (typeof b.access_token !== 'string' || !b.access_token || typeof b.expires_in !== 'number') {
            throw new WechatError(-1, 'no access_token in answer', 'stable_token');
          }
          this.token = { value: b.access_token, expiresAt: this.now() + Math.max(0, b.expires_in - 300) * 1000 };
          return b.access_token;
        })
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.refreshing;
  }

  /** Calls an API that needs the access token, refreshing it once if WeChat says it is stale. */
  async withToken<T>(api: string, build: (token: string) => { path: string; body: unknown }): Promise<T> {
    const used = await this.accessToken();
    const first = build(used);
    try {
      return await this.send<T>(api, first.path, { method: 'POST', body: first.body });
    } catch (e) {
      if (!(e instanceof WechatError) || !TOKEN_EXPIRED.has(e.errcode)) throw e;
      const again = build(await this.tokenReplacing(used));
      return this.send<T>(api, again.path, { method: 'POST', body: again.body });
    }
  }

  /**
   * A token other than `rejected`. A forced refresh invalidates the token before it and WeChat allows
   * few of them (20 a day), so callers that failed with the same stale token share one: a caller whose
   * token was already replaced (by a refresh in flight or done) takes the new one without forcing.
   */
  private async tokenReplacing(rejected: string): Promise<string> {
    if (this.refreshing) await this.refreshing.catch(() => undefined);
    const t = this.token;
    if (t && t.value !== rejected && t.expiresAt > this.now()) return t.value;
    return this.accessToken(true);
  }

  private async send<T>(api: string, path: string, init: { method: 'GET' | 'POST'; body?: unknown }): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.settings.apiBase + path, {
        method: init.method,
        headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw new WechatError(-1, `network: ${(e as Error).message}`, api);
    }
    let body: T & WechatErrorBody;
    try {
      body = JSON.parse(await res.text());
    } catch {
      throw new WechatError(-1, `HTTP ${res.status}, not a JSON answer`, api);
    }
    if (typeof body !== 'object' || body === null) throw new WechatError(-1, `HTTP ${res.status}, not a JSON object`, api);
    // A missing errcode means success (jscode2session answers without one).
    if (body.errcode) throw new WechatError(body.errcode, body.errmsg ?? '', api);
    return body;
  }
}
