/**
 * The WeChat client's official-account publishing and subscribe messages, and its per-app token
 * cache, against the WeChat-compatible server in tests/support/wechat-server.ts (real HTTP, no mocks,
 * no database). Each test gets its own server, so no token cache starts warm.
 */
import { WechatClient, WechatError, WechatInputError, type DraftArticle, type PublishState } from '../src/wechat/wechat-client';
import { MINI_PROGRAM, OFFICIAL_ACCOUNT, startWechatServer, type WechatServer } from '../../tests/support/wechat-server';

const TOKEN = '/cgi-bin/stable_token';
const UPLOADIMG = '/cgi-bin/media/uploadimg';
const SUBMIT = '/cgi-bin/freepublish/submit';
const GET = '/cgi-bin/freepublish/get';
const SEND = '/cgi-bin/message/subscribe/send';

let wx: WechatServer;
const oa = (secret = OFFICIAL_ACCOUNT.secret) => new WechatClient({ appId: OFFICIAL_ACCOUNT.appId, secret, apiBase: wx.baseUrl });
const mini = () => new WechatClient({ appId: MINI_PROGRAM.appId, secret: MINI_PROGRAM.secret, apiBase: wx.baseUrl });

beforeEach(async () => {
  wx = await startWechatServer();
});
afterEach(() => wx.close());

/** Magic numbers and filler: both sides go by the first bytes. */
const jpeg = (size = 2048) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(size - 4, 7)]);
const png = (size = 2048) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size - 8, 3)]);
const gif = () => Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(100)]);

async function failure<E extends Error>(p: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const e = await p.then(
    () => {
      throw new Error('expected a failure, got a success');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(type);
  return e as E;
}
const forced = (appId = OFFICIAL_ACCOUNT.appId) => wx.calls(TOKEN).filter((c) => c.body.appid === appId).map((c) => c.body.force_refresh);

async function cover(client: WechatClient) {
  return (await client.addImageMaterial(jpeg(), 'cover.jpg')).mediaId;
}
const article = (thumbMediaId: string, over: Partial<DraftArticle> = {}): DraftArticle => ({
  title: '城关镇：十分钟便民服务圈',
  author: '县委办',
  digest: '本季度亮点工作',
  content: '<p>城关镇把便民服务搬到了家门口。</p>',
  thumbMediaId,
  ...over,
});
async function pollUntilDone(client: WechatClient, publishId: string): Promise<{ state: PublishState; polls: number }> {
  // The server counts polls, so no waiting: a real caller waits between polls.
  for (let polls = 1; polls <= 10; polls++) {
    const state = await client.getPublish(publishId);
    if (state.status !== 'publishing') return { state, polls };
  }
  throw new Error('still publishing after 10 polls');
}

describe('the access token: one cache per app', () => {
  it('two clients of one appid share the token and its single-flight refresh', async () => {
    const [a, b] = [oa(), oa()];
    const urls = await Promise.all([a.uploadArticleImage(jpeg(), 'a.jpg'), b.uploadArticleImage(png(), 'b.png'), a.uploadArticleImage(jpeg(), 'c.jpg')]);
    await b.uploadArticleImage(jpeg(), 'd.jpg');
    expect(urls).toHaveLength(3);
    expect(wx.calls(TOKEN)).toHaveLength(1);
    expect(new Set(wx.calls(UPLOADIMG).map((c) => c.token))).toEqual(new Set([wx.state.tokens.get(OFFICIAL_ACCOUNT.appId)!.current]));
  });

  it('keeps the mini-program and the official account apart', async () => {
    await oa().uploadArticleImage(jpeg(), 'a.jpg');
    await mini().sendSubscribeMessage({ touser: 'o-alice', templateId: 'tpl-result', data: { thing1: '结果已公示' } });
    await oa().uploadArticleImage(jpeg(), 'b.jpg');
    expect(wx.calls(TOKEN).map((c) => c.body.appid)).toEqual([OFFICIAL_ACCOUNT.appId, MINI_PROGRAM.appId]);
    expect(wx.calls(SEND)[0]).toMatchObject({ appId: MINI_PROGRAM.appId, token: wx.state.tokens.get(MINI_PROGRAM.appId)!.current });
  });

  it('on 42001 (expired) refreshes once, retries once, and every client of the app gets the new token', async () => {
    const [a, b] = [oa(), oa()];
    await a.uploadArticleImage(jpeg(), 'warm.jpg');
    const old = wx.state.tokens.get(OFFICIAL_ACCOUNT.appId)!.current;
    wx.expireToken(OFFICIAL_ACCOUNT.appId);
    await expect(a.uploadArticleImage(jpeg(), 'after.jpg')).resolves.toMatch(/^http:\/\/mmbiz\.test\//);
    const fresh = wx.state.tokens.get(OFFICIAL_ACCOUNT.appId)!.current;
    expect(fresh).not.toBe(old);
    expect(wx.calls(UPLOADIMG).slice(1).map((c) => [c.token, c.answer.errcode])).toEqual([
      [old, 42001],
      [fresh, undefined],
    ]);
    await b.uploadArticleImage(jpeg(), 'other-client.jpg');
    expect(forced()).toEqual([false, true]);
    expect(wx.calls(UPLOADIMG).at(-1)!.token).toBe(fresh);
  });

  it('on 40001 (invalid) likewise: one forced refresh, one retry', async () => {
    const client = oa();
    const mediaId = await cover(client);
    wx.failNext(40001, { path: '/cgi-bin/draft/add' });
    await expect(client.addDraft([article(mediaId)])).resolves.toMatch(/^draft-/);
    expect(forced()).toEqual([false, true]);
    expect(wx.calls('/cgi-bin/draft/add').map((c) => c.answer.errcode)).toEqual([40001, 0]);
    expect(wx.state.drafts).toHaveLength(1);
  });

  it.each([
    [40001, 40001],
    [42001, 40001],
  ])('surfaces a second stale answer (%i then %i) instead of looping', async (first, second) => {
    const client = oa();
    wx.failNext(first, { path: SUBMIT });
    wx.failNext(second, { path: SUBMIT });
    const e = await failure(client.submitPublish('draft-x'), WechatError);
    expect(e).toMatchObject({ errcode: second, api: 'freepublish/submit', kind: 'errcode', retryable: false });
    expect(wx.calls(SUBMIT)).toHaveLength(2);
    expect(forced()).toEqual([false, true]);
    expect(wx.state.publishes).toEqual([]);
  });
});

describe('article images and cover materials', () => {
  it('uploads an article image as multipart field `media` and gets its mmbiz URL', async () => {
    const bytes = png(5000);
    const url = await oa().uploadArticleImage(bytes, '现场.png');
    expect(url).toMatch(/^http:\/\/mmbiz\.test\/.+\.png$/);
    expect(wx.state.uploads).toHaveLength(1);
    expect(wx.state.uploads[0]).toMatchObject({ url, filename: '现场.png', contentType: 'image/png' });
    expect(wx.state.uploads[0].bytes.equals(bytes)).toBe(true);
    expect(wx.calls(UPLOADIMG)[0].body.parts).toEqual([{ name: 'media', filename: '现场.png', contentType: 'image/png', size: 5000 }]);
  });

  it('refuses what uploadimg would refuse before sending anything', async () => {
    const client = oa();
    const refused = async (bytes: Buffer, name: string, field: string) => {
      const e = await failure(client.uploadArticleImage(bytes, name), WechatInputError);
      expect(e).toMatchObject({ api: 'uploadimg', field, retryable: false });
      return e.message;
    };
    expect(await refused(jpeg(1024 * 1024), 'big.jpg', 'media')).toMatch(/1048576 bytes/);
    expect(await refused(gif(), 'anim.gif', 'media')).toMatch(/jpg\/png/);
    expect(await refused(Buffer.alloc(0), 'empty.jpg', 'media')).toMatch(/empty/);
    expect(await refused(png(), 'named-wrong.jpg', 'filename')).toMatch(/\.png/);
    expect(wx.state.calls).toEqual([]);
    // Just below the limit is fine.
    await expect(client.uploadArticleImage(jpeg(1024 * 1024 - 1), 'edge.jpeg')).resolves.toBeTruthy();
  });

  it('adds a permanent image material and gets its media_id and URL', async () => {
    const { mediaId, url } = await oa().addImageMaterial(gif(), 'cover.gif');
    expect(mediaId).toMatch(/^mat-/);
    expect(url).toMatch(/^http:\/\/mmbiz\.test\//);
    const [call] = wx.calls('/cgi-bin/material/add_material');
    expect(call.query.type).toBe('image');
    expect(call.body.parts[0]).toMatchObject({ name: 'media', filename: 'cover.gif' });
    expect(wx.state.materials.map((m) => m.mediaId)).toEqual([mediaId]);
  });
});

describe('draft → submit → poll', () => {
  it('publishes: draft, one submit, "publishing" polls, then the article URLs', async () => {
    wx.setPublishingPolls(2);
    const client = oa();
    const thumb = await cover(client);
    const image = await client.uploadArticleImage(jpeg(), 'photo.jpg');
    const first = article(thumb, { content: `<p>现场照片</p><img src="${image}">` });
    const second = article(thumb, { title: '第二篇', digest: undefined, author: undefined });
    const mediaId = await client.addDraft([first, second]);
    const publishId = await client.submitPublish(mediaId);
    const { state, polls } = await pollUntilDone(client, publishId);

    expect(polls).toBe(3);
    expect(state).toMatchObject({ status: 'published', publishStatus: 0, failIdx: [] });
    expect(state.articleUrls).toHaveLength(2);
    for (const u of state.articleUrls) expect(u).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\/.+/);
    expect(wx.calls(SUBMIT)).toHaveLength(1);
    expect(wx.calls(GET)).toHaveLength(3);
    expect(wx.calls(GET).every((c) => c.body.publish_id === publishId)).toBe(true);
    // WeChat's field names, and Chinese sent as UTF-8 (not \u escapes, which WeChat would show).
    expect(wx.state.drafts[0].articles[0]).toMatchObject({ title: first.title, author: '县委办', thumb_media_id: thumb, content: first.content });
    expect(wx.state.drafts[0].articles[1]).not.toHaveProperty('digest');
    expect(wx.calls(TOKEN)).toHaveLength(1);
  });

  it('reports a failed publish with its status and fail_idx', async () => {
    wx.failNextPublish(4, [1]);
    const client = oa();
    const publishId = await client.submitPublish(await client.addDraft([article(await cover(client))]));
    const { state, polls } = await pollUntilDone(client, publishId);
    expect(polls).toBe(2);
    expect(state).toEqual({ status: 'failed', publishStatus: 4, articleUrls: [], failIdx: [1] });
  });

  it('accepts WeChat limits exactly and refuses one character beyond, before sending', async () => {
    const client = oa();
    const thumb = await cover(client);
    const exact = article(thumb, { title: '亮'.repeat(32), author: '作'.repeat(16), digest: '摘'.repeat(128), content: 'x'.repeat(19_999) });
    await expect(client.addDraft([exact])).resolves.toMatch(/^draft-/);
    const before = wx.state.calls.length;
    const refusals: [Partial<DraftArticle>, string][] = [
      [{ title: '亮'.repeat(33) }, 'articles[0].title'],
      [{ title: '  ' }, 'articles[0].title'],
      [{ author: '作'.repeat(17) }, 'articles[0].author'],
      [{ digest: '摘'.repeat(129) }, 'articles[0].digest'],
      [{ content: 'x'.repeat(20_000) }, 'articles[0].content'],
      [{ thumbMediaId: '' }, 'articles[0].thumbMediaId'],
    ];
    for (const [over, field] of refusals) {
      const e = await failure(client.addDraft([article(thumb, over)]), WechatInputError);
      expect(e).toMatchObject({ api: 'draft/add', field });
    }
    await failure(client.addDraft([]), WechatInputError);
    await failure(client.addDraft(Array.from({ length: 9 }, () => article(thumb))), WechatInputError);
    expect(wx.state.calls.length).toBe(before);
  });

  it('surfaces what only WeChat can know: an unknown cover is 40007', async () => {
    const e = await failure(oa().addDraft([article('mat-never-uploaded')]), WechatError);
    expect(e).toMatchObject({ errcode: 40007, api: 'draft/add', retryable: false });
  });
});

describe('subscribe messages', () => {
  it('sends, shortening thing values to 20 characters', async () => {
    const long = '城关镇十分钟便民服务圈建设获评第三季度亮点工作';
    await expect(
      mini().sendSubscribeMessage({ touser: 'o-alice', templateId: 'tpl-result', page: 'pages/result/index?id=3', data: { thing1: long, time2: '2026-11-03 18:00' } }),
    ).resolves.toBeUndefined();
    expect(wx.state.messages).toHaveLength(1);
    const m = wx.state.messages[0];
    expect(m).toMatchObject({ touser: 'o-alice', template_id: 'tpl-result', page: 'pages/result/index?id=3', appId: MINI_PROGRAM.appId });
    expect([...m.data.thing1.value]).toHaveLength(20);
    expect(m.data.thing1.value).toBe(`${[...long].slice(0, 19).join('')}…`);
    expect(m.data.time2.value).toBe('2026-11-03 18:00');
  });

  it('throws 43101 for a user who refused, as a non-retryable WechatError, and records nothing', async () => {
    wx.refuseSubscription('o-bob');
    const e = await failure(mini().sendSubscribeMessage({ touser: 'o-bob', templateId: 'tpl-result', data: { thing1: '结果已公示' } }), WechatError);
    expect(e).toMatchObject({ errcode: 43101, api: 'subscribe/send', kind: 'errcode', retryable: false });
    expect(wx.state.messages).toEqual([]);
  });
});

describe('errors: refusals versus transport, and what is worth retrying', () => {
  it('a wrong secret is 40125 on stable_token, not retryable, and borrows no cached token', async () => {
    await oa().uploadArticleImage(jpeg(), 'warm.jpg');
    const e = await failure(oa('not-the-secret').uploadArticleImage(jpeg(), 'x.jpg'), WechatError);
    expect(e).toMatchObject({ errcode: 40125, api: 'stable_token', kind: 'errcode', retryable: false });
    expect(wx.calls(UPLOADIMG)).toHaveLength(1);
  });

  it('an unknown appid is 40013, an API the app may not call 48001: neither retryable', async () => {
    const stranger = new WechatClient({ appId: 'wx-nobody', secret: 's', apiBase: wx.baseUrl });
    expect(await failure(stranger.accessToken(), WechatError)).toMatchObject({ errcode: 40013, retryable: false });
    const e = await failure(mini().submitPublish('draft-x'), WechatError);
    expect(e).toMatchObject({ errcode: 48001, retryable: false });
  });

  it.each([
    [-1, true],
    [45009, true],
    [45011, true],
    [40007, false],
  ])('errcode %i is retryable: %s', async (errcode, retryable) => {
    wx.failNext(errcode, { path: GET });
    expect(await failure(oa().getPublish('1'), WechatError)).toMatchObject({ errcode, kind: 'errcode', retryable });
    expect(wx.calls(GET)).toHaveLength(1);
  });

  it('a 5xx page is a retryable transport failure, told apart from a refusal', async () => {
    const client = oa();
    await client.accessToken();
    wx.failHttpNext(502);
    const e = await failure(client.submitPublish('draft-x'), WechatError);
    expect(e).toMatchObject({ errcode: -1, kind: 'transport', httpStatus: 502, retryable: true, api: 'freepublish/submit' });
    expect(wx.calls(SUBMIT)).toHaveLength(1);
  });

  it('a server that is gone is a retryable transport failure', async () => {
    const client = oa();
    await wx.close();
    const e = await failure(client.uploadArticleImage(jpeg(), 'a.jpg'), WechatError);
    expect(e).toMatchObject({ errcode: -1, kind: 'transport', retryable: true });
    expect(e.errmsg).toMatch(/^network/);
    wx = await startWechatServer();
  });
});

describe('jscode2session on the test server', () => {
  it('turns code-<openid> into that openid once; a reused code is 40163', async () => {
    const client = mini();
    await expect(client.code2Session('code-o-carol')).resolves.toMatchObject({ openid: 'o-carol' });
    expect((await failure(client.code2Session('code-o-carol'), WechatError)).errcode).toBe(40163);
    expect((await failure(client.code2Session('garbage'), WechatError)).errcode).toBe(40029);
  });
});
