/**
 * The WeChat client against a real local HTTP server imitating WeChat (server/test/support/fake-wechat.ts):
 * parsing, errcodes, transport failures, and the access-token cache with its single-flight refresh.
 * No database.
 */
import { WechatClient, WechatError } from '../src/wechat/wechat-client';
import { startFakeWechat, type FakeWechat } from './support/fake-wechat';

const TOKEN_PATH = '/cgi-bin/stable_token';
const PHONE_PATH = '/wxa/business/getuserphonenumber';

let fake: FakeWechat;
let client: WechatClient;
let n = 0;
/** A fresh code for each use: WeChat codes work once. */
const code = (what = 'c') => `${what}-${++n}`;

beforeEach(async () => {
  fake = await startFakeWechat({ appId: 'wx-unit', secret: 'unit-secret' });
  client = new WechatClient({ appId: 'wx-unit', secret: 'unit-secret', apiBase: fake.url });
});
afterEach(() => fake.stop());

async function wechatError(p: Promise<unknown>): Promise<WechatError> {
  const e = await p.then(
    () => {
      throw new Error('expected a WechatError, got a success');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WechatError);
  return e as WechatError;
}

function phoneCodes(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const c = code('p');
    fake.addPhoneCode(c, `1390000${String(1000 + i).padStart(4, '0')}`);
    return c;
  });
}

describe('code2Session', () => {
  it('sends appid, secret, js_code and grant_type, and parses the answer', async () => {
    const c = code();
    fake.addLoginCode(c, 'o-alice');
    await expect(client.code2Session(c)).resolves.toEqual({ openid: 'o-alice', session_key: `sk-${c}` });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: 'GET',
      path: '/sns/jscode2session',
      query: { appid: 'wx-unit', secret: 'unit-secret', js_code: c, grant_type: 'authorization_code' },
    });
  });

  it('turns an unknown code into errcode 40029 and a used one into 40163', async () => {
    const unknown = await wechatError(client.code2Session('never-issued'));
    expect(unknown).toMatchObject({ errcode: 40029, api: 'jscode2session' });
    const c = code();
    fake.addLoginCode(c, 'o-bob');
    await client.code2Session(c);
    expect((await wechatError(client.code2Session(c))).errcode).toBe(40163);
  });

  it.each([40226, 45011, 40029])('surfaces errcode %i as a WechatError with that errcode', async (errcode) => {
    const c = code();
    fake.addLoginCode(c, { errcode });
    const e = await wechatError(client.code2Session(c));
    expect(e.errcode).toBe(errcode);
    expect(e.errmsg).toBeTruthy();
  });

  it('reports a wrong secret as WeChat does (40125), never as success', async () => {
    const wrong = new WechatClient({ appId: 'wx-unit', secret: 'not-it', apiBase: fake.url });
    const c = code();
    fake.addLoginCode(c, 'o-carol');
    expect((await wechatError(wrong.code2Session(c))).errcode).toBe(40125);
  });
});

describe('transport failures become errcode -1', () => {
  it('answers that are not JSON (an HTML error page)', async () => {
    fake.setDown('html');
    const e = await wechatError(client.code2Session(code()));
    expect(e).toMatchObject({ errcode: -1, api: 'jscode2session' });
    expect((await wechatError(client.getPhoneNumber(code()))).errcode).toBe(-1);
  });

  it('a connection reset', async () => {
    fake.setDown('reset');
    expect((await wechatError(client.code2Session(code()))).errcode).toBe(-1);
  });

  it('a server that is gone', async () => {
    await fake.stop();
    const e = await wechatError(client.code2Session(code()));
    expect(e.errcode).toBe(-1);
    expect(e.errmsg).toMatch(/^network/);
    expect((await wechatError(client.accessToken())).errcode).toBe(-1);
    // Restart for afterEach.
    fake = await startFakeWechat();
  });
});

describe('getPhoneNumber and the access token', () => {
  it('gets a stable token with the right body and sends it with the phone code', async () => {
    const [p] = phoneCodes(1);
    await expect(client.getPhoneNumber(p)).resolves.toMatchObject({ phoneNumber: '13900001000', purePhoneNumber: '13900001000', countryCode: '86' });
    const [token] = fake.calls(TOKEN_PATH);
    expect(token.body).toEqual({ grant_type: 'client_credential', appid: 'wx-unit', secret: 'unit-secret', force_refresh: false });
    const [phone] = fake.calls(PHONE_PATH);
    expect(phone.query.access_token).toBe(fake.currentToken());
    expect(phone.body).toEqual({ code: p });
  });

  it('maps the API errcodes of getuserphonenumber (an unknown phone code → 40029)', async () => {
    expect((await wechatError(client.getPhoneNumber('no-such-code'))).errcode).toBe(40029);
  });

  it('caches the token: two calls, one stable_token request', async () => {
    const [a, b] = phoneCodes(2);
    await client.getPhoneNumber(a);
    await client.getPhoneNumber(b);
    expect(await client.accessToken()).toBe(fake.currentToken());
    expect(fake.calls(TOKEN_PATH)).toHaveLength(1);
    expect(fake.calls(PHONE_PATH)).toHaveLength(2);
  });

  it('refreshes (not forced) once the cached token nears its expiry', async () => {
    let now = 1_000_000;
    const timed = new WechatClient({ appId: 'wx-unit', secret: 'unit-secret', apiBase: fake.url }, () => now);
    await timed.accessToken();
    now += (7200 - 300 - 1) * 1000;
    await timed.accessToken();
    expect(fake.calls(TOKEN_PATH)).toHaveLength(1);
    now += 2000;
    await timed.accessToken();
    expect(fake.calls(TOKEN_PATH).map((r) => r.body.force_refresh)).toEqual([false, false]);
  });

  it('makes concurrent callers share one refresh', async () => {
    const codes = phoneCodes(10);
    const answers = await Promise.all(codes.map((c) => client.getPhoneNumber(c)));
    expect(answers).toHaveLength(10);
    expect(fake.calls(TOKEN_PATH)).toHaveLength(1);
    expect(new Set(fake.calls(PHONE_PATH).map((r) => r.query.access_token)).size).toBe(1);
  });

  it('does not cache a failed refresh: the next call tries again', async () => {
    fake.setDown('html');
    await wechatError(client.accessToken());
    fake.setDown(null);
    const token = await client.accessToken();
    expect(token).toBe(fake.currentToken());
    expect(fake.calls(TOKEN_PATH)).toHaveLength(2);
  });

  it('on 40001 forces exactly one refresh and retries once with the new token', async () => {
    const [a, b] = phoneCodes(2);
    await client.getPhoneNumber(a);
    const old = fake.currentToken();
    fake.makeTokenStale();
    await expect(client.getPhoneNumber(b)).resolves.toMatchObject({ purePhoneNumber: '13900001001' });
    const tokens = fake.calls(TOKEN_PATH);
    expect(tokens.map((r) => r.body.force_refresh)).toEqual([false, true]);
    const phones = fake.calls(PHONE_PATH).slice(1);
    expect(phones.map((r) => r.query.access_token)).toEqual([old, fake.currentToken()]);
    expect(fake.currentToken()).not.toBe(old);
  });

  it('treats 42001 (token expired) like 40001', async () => {
    const [a] = phoneCodes(1);
    fake.queueApiErrors(42001);
    await expect(client.getPhoneNumber(a)).resolves.toBeTruthy();
    expect(fake.calls(TOKEN_PATH).map((r) => r.body.force_refresh)).toEqual([false, true]);
  });

  it('surfaces a second consecutive 40001 as an error instead of looping', async () => {
    const [a] = phoneCodes(1);
    fake.queueApiErrors(40001, 40001);
    const e = await wechatError(client.getPhoneNumber(a));
    expect(e).toMatchObject({ errcode: 40001, api: 'getuserphonenumber' });
    expect(fake.calls(PHONE_PATH)).toHaveLength(2);
    expect(fake.calls(TOKEN_PATH).map((r) => r.body.force_refresh)).toEqual([false, true]);
  });

  it('does not retry other errcodes', async () => {
    const [a] = phoneCodes(1);
    fake.queueApiErrors(45011);
    expect((await wechatError(client.getPhoneNumber(a))).errcode).toBe(45011);
    expect(fake.calls(PHONE_PATH)).toHaveLength(1);
    expect(fake.calls(TOKEN_PATH)).toHaveLength(1);
  });

  it('makes concurrent callers that all meet a stale token share one forced refresh', async () => {
    // A forced refresh invalidates the token before it (and WeChat allows 20 a day): callers that
    // failed with the same stale token must not each force their own.
    const [warm, ...codes] = phoneCodes(11);
    await client.getPhoneNumber(warm);
    fake.makeTokenStale();
    const results = await Promise.allSettled(codes.map((c) => client.getPhoneNumber(c)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(fake.calls(TOKEN_PATH).filter((r) => r.body.force_refresh === true)).toHaveLength(1);
  });

  it('does not force another refresh when a slower caller fails with the token already replaced', async () => {
    const [warm, a, b] = phoneCodes(3);
    await client.getPhoneNumber(warm);
    fake.makeTokenStale();
    // B sends the stale token and is held; meanwhile A meets 40001, forces a refresh and succeeds.
    const held = fake.holdNextApiCall();
    const slow = client.getPhoneNumber(b);
    await held.arrived;
    await client.getPhoneNumber(a);
    const fresh = fake.currentToken();
    held.release();
    // B's 40001 is about a token the client no longer holds: retry with the fresh one, no new force.
    await expect(slow).resolves.toMatchObject({ purePhoneNumber: '13900001002' });
    expect(fake.calls(TOKEN_PATH).filter((r) => r.body.force_refresh === true)).toHaveLength(1);
    expect(fake.currentToken()).toBe(fresh);
  });
});

describe('answers that are JSON but not what WeChat promises', () => {
  const http = require('node:http') as typeof import('node:http');
  let server: import('node:http').Server;
  let answer = '';
  let base = '';
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end(answer));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each([
    ['null', 'null'],
    ['a bare number', '42'],
    ['a token answer without access_token', '{"expires_in":7200}'],
  ])('turns %s into a WechatError, not a TypeError or a cached undefined', async (_what, body) => {
    answer = body;
    // Tokens are cached per app in the process: each case is its own app, so none starts warm.
    const c = new WechatClient({ appId: `a-${code('app')}`, secret: 's', apiBase: base });
    await expect(c.accessToken()).rejects.toBeInstanceOf(WechatError);
    answer = '{"access_token":"T","expires_in":7200}';
    await expect(c.accessToken()).resolves.toBe('T');
  });

  it('refuses a phone answer without phone_info', async () => {
    const c = new WechatClient({ appId: `a-${code('app')}`, secret: 's', apiBase: base });
    answer = '{"access_token":"T","expires_in":7200}';
    await c.accessToken();
    answer = '{"errcode":0,"errmsg":"ok"}';
    await expect(c.getPhoneNumber('code')).rejects.toMatchObject({ errcode: -1, api: 'getuserphonenumber' });
  });
});
