/**
 * Publishing a bulletin to an official account (platform-notes.md, "Official account publishing"):
 * article images (uploadimg) → cover (add_material) → draft/add → freepublish/submit → poll
 * freepublish/get. Each step's result is saved before the next step starts, so a process that
 * resumes the delivery (after a restart, or in another process) skips what is done.
 *
 * Never twice: `submitting` is saved before freepublish/submit is sent and the publish_id right after
 * it answers. A delivery found with `submitting` but no publish_id lost the submit's answer (a crash
 * or a transport failure after sending): WeChat may have published it, so it is marked failed with
 * that reason and cannot be retried from here — the office checks the account's 发表记录 instead.
 * (The free-publish list could be searched for the draft, but a wrong match would mean a second
 * article on the county's account; a person looking once is cheaper than that risk.)
 */
import sharp from 'sharp';
import { WechatClient, WechatError } from '../../wechat/wechat-client';
import type { OfficialAccountState } from '../../db/entities';
import { articleDigest, articleTitle, buildBulletinHtml } from './bulletin-html';
import { clip } from './bulletin-model';
import type { PushContext, PushOutcome } from './push-context';
import { PushError } from './push-errors';

/** uploadimg takes jpg/png strictly below 1 MB. */
const ARTICLE_IMAGE_MAX = 1024 * 1024;

async function articleImage(bytes: Buffer): Promise<Buffer> {
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (isJpeg && bytes.length < ARTICLE_IMAGE_MAX) return bytes;
  for (const [width, quality] of [[1080, 80], [900, 70], [720, 60]] as const) {
    const out = await sharp(bytes).resize(width, width, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality }).toBuffer();
    if (out.length < ARTICLE_IMAGE_MAX) return out;
  }
  throw new PushError('照片过大，无法压缩到微信要求的1MB以内', false, false);
}

/** A plain red cover (the masthead's colour) when the bulletin has no photo: draft/add needs one. */
const defaultCover = () => sharp({ create: { width: 900, height: 383, channels: 3, background: { r: 192, g: 0, b: 0 } } }).jpeg({ quality: 85 }).toBuffer();

const LOST_SUBMIT =
  '提交发布时未收到微信的应答，无法确认文章是否已发布。为避免重复发布，系统不再自动提交；请在公众号后台“发表记录”中核实，必要时手动发布';

export function pollDelay(ctx: PushContext, polls: number): number {
  const p = ctx.s.config.publication;
  return Math.min(p.backoffCapMs, p.publishPollMs * 2 ** Math.min(polls, 20));
}

export async function pushOfficialAccount(ctx: PushContext): Promise<PushOutcome> {
  const { channel, bulletin } = ctx;
  const client = new WechatClient({ appId: channel.appId ?? '', secret: channel.secret, apiBase: ctx.s.config.publication.wechatApiBase });
  const st: OfficialAccountState = ctx.delivery.state ? JSON.parse(ctx.delivery.state) : {};
  const save = (extra: Parameters<PushContext['save']>[0] = {}) => ctx.save({ state: JSON.stringify(st), ...extra });

  if (!st.publishId) {
    if (st.submitting) throw new PushError(LOST_SUBMIT, false, false);
    const model = await ctx.bulletins.model(bulletin, { photos: true });

    // 1. Article images: WeChat shows only images it hosts.
    st.images ??= {};
    for (const [i, item] of model.items.entries()) {
      for (const [j, photo] of item.photos.entries()) {
        const key = `${i}/${j}`;
        if (st.images[key]) continue;
        if (ctx.stopping()) return { kind: 'yield' };
        st.images[key] = await client.uploadArticleImage(await articleImage(photo.bytes), `bulletin-${bulletin.id}-${i + 1}-${j + 1}.jpg`);
        await save();
      }
    }
    // 2. The cover: the first photo, or a plain red one.
    if (!st.thumbMediaId) {
      if (ctx.stopping()) return { kind: 'yield' };
      const first = model.items.find((i) => i.photos.length)?.photos[0]?.bytes;
      st.thumbMediaId = (await client.addImageMaterial(first ?? (await defaultCover()), `bulletin-${bulletin.id}-cover.jpg`)).mediaId;
      await save();
    }
    // 3. The draft. (A crash between its answer and this save leaves one unused draft behind: harmless.)
    if (!st.draftMediaId) {
      if (ctx.stopping()) return { kind: 'yield' };
      const images = st.images;
      const content = buildBulletinHtml(model, (i, j) => images[`${i}/${j}`] ?? '');
      st.draftMediaId = await client.addDraft([
        {
          title: articleTitle(model),
          author: clip(channel.author || model.issuer, 16),
          digest: articleDigest(model),
          content,
          thumbMediaId: st.thumbMediaId,
          needOpenComment: false,
        },
      ]);
      await save();
    }
    // 4. Submit, once.
    if (ctx.stopping()) return { kind: 'yield' };
    st.submitting = true;
    await save();
    let publishId: string;
    try {
      publishId = await client.submitPublish(st.draftMediaId);
    } catch (e) {
      // WeChat answered with a refusal (or the token could not be had, so nothing was sent): nothing
      // was published, and the submit may be tried again.
      const notSent = e instanceof WechatError && (e.kind === 'errcode' || e.api === 'stable_token');
      if (!notSent) throw new PushError(LOST_SUBMIT, false, false);
      st.submitting = false;
      await save();
      throw e;
    }
    st.submitting = false;
    st.publishId = publishId;
    st.polls = 0;
    await save({ publishId });
    return { kind: 'wait', afterMs: pollDelay(ctx, 0) };
  }

  // 5. Poll until WeChat says published (the article's URL) or failed (fail_idx).
  let state;
  try {
    state = await client.getPublish(st.publishId);
  } catch (e) {
    if (e instanceof WechatError && e.retryable) {
      st.polls = (st.polls ?? 0) + 1;
      await save({ lastError: `查询发布状态失败，稍后再查：${e.errmsg}`.slice(0, 480) });
      return { kind: 'wait', afterMs: pollDelay(ctx, st.polls) };
    }
    throw e;
  }
  if (state.status === 'publishing') {
    st.polls = (st.polls ?? 0) + 1;
    await save();
    return { kind: 'wait', afterMs: pollDelay(ctx, st.polls) };
  }
  if (state.status === 'published') return { kind: 'published', articleUrl: state.articleUrls[0] ?? null };
  const WHY: Record<number, string> = { 2: '原创声明失败', 3: '常规失败', 4: '平台审核不通过', 5: '发布后被用户删除', 6: '发布后被系统封禁' };
  // WeChat itself says this publish failed: only then may a retry submit the draft again.
  st.publishFailed = true;
  await save();
  // Only a plain failure may be sent again; a refusal of the content would be refused again.
  throw new PushError(
    `微信发布失败：${WHY[state.publishStatus] ?? '未知原因'}（publish_status=${state.publishStatus}，fail_idx=[${state.failIdx.join(',')}]）`,
    false,
    state.publishStatus === 3,
  );
}
