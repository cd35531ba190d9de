/**
 * The bulletin as the body of a WeChat official-account article. WeChat keeps inline styles and
 * drops <style>, classes and scripts, and refuses a body of 20,000 characters or more; so every
 * style is inline, every text is escaped, and a long bulletin is shortened step by step (summaries,
 * then photos, then the other texts, then trailing items with a note) until it fits.
 */
import { type BulletinItem, type BulletinModel, BULLETIN_LEVEL_LABELS, DEFAULT_MASTHEAD, chineseDate, cleanText, clip, itemsInRankOrder } from './bulletin-model';

/** WeChat's limit on an article body (正文必须少于2万字符). */
export const ARTICLE_MAX_CHARS = 20_000;
/** WeChat's limits on an article's title and digest, as this project sets them. */
export const ARTICLE_TITLE_MAX = 32;
export const ARTICLE_DIGEST_MAX = 128;

export type ImageUrl = (itemIndex: number, photoIndex: number) => string;

const RED = '#c00000';
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => cleanText(s).replace(/[&<>"']/g, (c) => ESC[c]!);

/** Only web addresses go into src: a `javascript:` or `data:` value from a bad url function is left out. */
const safeUrl = (u: string): string | null => (/^(https?:)?\/\//i.test(u.trim()) ? u.trim() : null);

interface Fit {
  /** Longest summary kept (characters). */
  summary: number;
  /** Photos shown per item. */
  photos: number;
  /** Longest other text kept (titles, names, lead, closing, captions). */
  text: number;
  /** Items shown; the rest are counted in a note. */
  items: number;
}

/** `items` in rank order, each with its index in the model (what the url function takes). */
function render(m: BulletinModel, items: { it: BulletinItem; i: number }[], url: ImageUrl, f: Fit): string {
  const t = (s: string) => escapeHtml(clip(cleanText(s), f.text));
  // Clipped as a whole before it is split, so a text of many short lines is bounded too.
  const paras = (s: string) =>
    clip(cleanText(s), f.text)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => `<p style="text-indent:2em;margin:0 0 12px">${escapeHtml(l)}</p>`)
      .join('');
  const out: string[] = [
    '<section style="font-size:16px;line-height:1.75;color:#333;text-align:justify">',
    `<p style="text-align:center;color:${RED};font-size:28px;font-weight:bold;letter-spacing:8px;margin:0">${t(m.masthead ?? DEFAULT_MASTHEAD)}</p>`,
    `<p style="text-align:center;margin:4px 0 0">${t(m.number)}</p>`,
    `<section style="display:flex;justify-content:space-between;font-size:14px;border-bottom:2px solid ${RED};padding-bottom:4px;margin-bottom:16px"><span>${t(m.issuer)}</span><span>${chineseDate(m.issuedAt)}</span></section>`,
    `<p style="text-align:center;font-size:20px;font-weight:bold;margin:0 0 16px">${t(m.title)}</p>`,
    paras(m.lead),
  ];
  for (const { it, i } of items.slice(0, f.items)) {
    const meta = [it.unitName, it.figures ?? ''].map((s) => cleanText(s).trim()).filter(Boolean).map(t).join('　');
    const summary = clip(cleanText(it.summary).replace(/\s*\r?\n\s*/g, ' ').trim(), f.summary);
    // Item markup is kept short: sixty items of it must leave room for the summaries.
    out.push(`<section style="margin:16px 0"><p><strong>${it.rank}. ${t(it.title)}</strong></p>`);
    if (meta) out.push(`<p style="color:#888">${meta}</p>`);
    if (summary) out.push(`<p>${escapeHtml(summary)}</p>`);
    it.photos.slice(0, f.photos).forEach((p, j) => {
      const src = safeUrl(url(i, j));
      if (!src) return;
      out.push(`<img src="${escapeHtml(src)}" style="width:100%">`);
      if (p.caption?.trim()) out.push(`<p style="text-align:center;color:#888">${t(p.caption.trim())}</p>`);
    });
    out.push('</section>');
  }
  const left = items.length - Math.min(items.length, f.items);
  if (left > 0) out.push(`<p style="font-size:14px;color:#888">（另有${left}项，详见通报全文）</p>`);
  out.push(
    paras(m.closing),
    `<p style="text-align:right;margin:24px 0 0">${t(m.issuer)}</p>`,
    `<p style="text-align:right">${chineseDate(m.issuedAt)}</p>`,
  );
  if (m.copyTo?.trim()) out.push(`<p style="font-size:14px;border-top:1px solid #999;margin-top:24px;padding-top:4px">抄送：${t(m.copyTo.trim())}</p>`);
  out.push('</section>');
  return out.join('');
}

/** The largest value in [lo, hi] for which `fits` holds, given it holds at lo; `fits` grows false as the value grows. */
function largest(lo: number, hi: number, fits: (n: number) => boolean): number {
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function buildBulletinHtml(model: BulletinModel, imageUrl: ImageUrl): string {
  const items = model.items.map((it, i) => ({ it, i })).sort((a, b) => a.it.rank - b.it.rank || a.i - b.i);
  // Asked once per photo: the search below renders many times.
  const urls = new Map<string, string>();
  const url: ImageUrl = (i, j) => {
    const key = `${i}/${j}`;
    if (!urls.has(key)) urls.set(key, imageUrl(i, j));
    return urls.get(key)!;
  };
  const html = (f: Fit) => render(model, items, url, f);
  const fits = (f: Fit) => html(f).length < ARTICLE_MAX_CHARS;
  const all = Number.MAX_SAFE_INTEGER;
  const maxSummary = Math.max(0, ...model.items.map((i) => i.summary.length));
  const maxPhotos = Math.max(0, ...model.items.map((i) => i.photos.length));
  const full: Fit = { summary: all, photos: all, text: all, items: all };
  if (fits(full)) return html(full);

  // 1. Shorten summaries: the photos and the names carry the result.
  if (fits({ ...full, summary: 0 })) return html({ ...full, summary: largest(0, maxSummary, (n) => fits({ ...full, summary: n })) });
  // 2. Fewer photos per item, then give what is left back to the summaries.
  const noText: Fit = { ...full, summary: 0 };
  if (fits({ ...noText, photos: 0 })) {
    const photos = largest(0, maxPhotos, (n) => fits({ ...noText, photos: n }));
    return html({ ...full, photos, summary: largest(0, maxSummary, (n) => fits({ ...full, photos, summary: n })) });
  }
  // 3. Shorten every other text, down to a readable head of each title.
  const bare: Fit = { ...full, summary: 0, photos: 0 };
  const MIN_TEXT = 16;
  const longest = Math.max(MIN_TEXT, model.lead.length, model.closing.length, ...model.items.map((i) => Math.max(i.title.length, i.unitName.length)));
  if (fits({ ...bare, text: MIN_TEXT })) return html({ ...bare, text: largest(MIN_TEXT, longest, (n) => fits({ ...bare, text: n })) });
  // 4. Drop trailing items; with none left the page is a few hundred characters.
  const short: Fit = { ...bare, text: MIN_TEXT };
  return html({ ...short, items: largest(0, items.length, (n) => fits({ ...short, items: n })) });
}

export function articleTitle(model: BulletinModel): string {
  const title = cleanText(model.title).trim();
  if (title.length <= ARTICLE_TITLE_MAX) return title;
  const core = title.replace(/^关于/, '').replace(/的通报$/, '');
  return clip(core, ARTICLE_TITLE_MAX);
}

export function articleDigest(model: BulletinModel): string {
  const items = itemsInRankOrder(model.items);
  if (!items.length) return clip(cleanText(model.lead).replace(/\s+/g, ''), ARTICLE_DIGEST_MAX);
  const head = `${cleanText(model.issuer)}通报${cleanText(model.periodLabel)}${BULLETIN_LEVEL_LABELS[model.level]}评选结果，共${items.length}项：`;
  const list = items.map((i) => `${i.rank}.${cleanText(i.title)}（${cleanText(i.unitName)}）`).join('；');
  return clip(`${head}${list}`, ARTICLE_DIGEST_MAX);
}
