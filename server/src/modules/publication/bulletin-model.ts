/**
 * What a results bulletin (domain.md step 8: results issued as a 《督查通报》) says, as plain data:
 * the .docx for print and the WeChat article are both built from it, so the office edits the text
 * once. Default wording follows the register of a county supervision bulletin and states only what
 * the selection procedure (seed 000) does; no names, figures or praise are invented.
 */

export type BulletinLevel = 'monthly' | 'quarterly' | 'annual';

export interface BulletinPhoto {
  bytes: Buffer;
  /** image/jpeg, image/png, image/gif or image/bmp; other types are left out of the .docx. */
  mime: string;
  caption?: string;
}

export interface BulletinItem {
  rank: number;
  /** 亮点工作名称 */
  title: string;
  unitName: string;
  /** 亮点简介, as the ledger keeps it. */
  summary: string;
  /** The result's figure in words: '得票 7', '平均分 8.65', '综合得分 85.3'. */
  figures?: string;
  photos: BulletinPhoto[];
}

export interface BulletinModel {
  /** The issuing office, e.g. 县委督查室, 县亮点工作办公室. */
  issuer: string;
  /** The red masthead; default 督查通报. */
  masthead?: string;
  /** e.g. 第3期 */
  number: string;
  issuedAt: Date;
  /** e.g. 关于2018年8月份全县亮点工作评选结果的通报 */
  title: string;
  level: BulletinLevel;
  /** e.g. 2018年8月份, 2018年第三季度, 2018年度 */
  periodLabel: string;
  /** The lead paragraph, as the office edited it. */
  lead: string;
  items: BulletinItem[];
  closing: string;
  /** 抄送 line, without the 抄送： prefix. */
  copyTo?: string;
}

export const DEFAULT_MASTHEAD = '督查通报';

export const BULLETIN_LEVEL_LABELS: Record<BulletinLevel, string> = {
  monthly: '月度亮点工作',
  quarterly: '季度十大亮点工作',
  annual: '年度全县十大亮点工作',
};

const QUARTER_NAMES = ['一', '二', '三', '四'];

/** A round's period (`YYYY-MM`, `YYYY-Qn` or `YYYY`) as the bulletin names it. */
export function periodLabelOf(period: string): string {
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[1]}年${Number(m[2])}月份`;
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return `${m[1]}年第${QUARTER_NAMES[Number(m[2]) - 1]}季度`;
  m = /^(\d{4})$/.exec(period);
  if (m) return `${m[1]}年度`;
  throw new RangeError(`无法识别的评选期间：${period}`);
}

/** The seed's count words: a top-10 is 十大 only when it has ten items. */
function whatWasSelected(level: BulletinLevel, count: number): string {
  if (level === 'monthly') return `全县亮点工作${count}项`;
  const what = level === 'quarterly' ? '季度' : '年度';
  return count === 10 ? '全县十大亮点工作' : `全县${what}亮点工作${count}项`;
}

export function defaultBulletinTitle(level: BulletinLevel, periodLabel: string): string {
  return level === 'monthly' ? `关于${periodLabel}全县亮点工作评选结果的通报` : `关于${periodLabel}全县十大亮点工作评选结果的通报`;
}

/** How each level was selected (seed 000, 选定程序), in the words of a bulletin's lead. */
const PROCEDURE: Record<BulletinLevel, string> = {
  monthly: '经各单位申报、县级领导推荐，县亮点工作办公室建立台账、现场核查，县亮点工作领导小组投票',
  quarterly: '在各月度亮点工作基础上，经现场观摩、集中评分，按得分高低排序',
  annual: '在各季度十大亮点工作基础上，经县委委员投票和群众网络投票综合评定',
};

export function defaultBulletinText(level: BulletinLevel, periodLabel: string, count: number): { lead: string; closing: string } {
  const lead =
    '为进一步激发全县各级各部门干事创业热情，营造比学赶超、争先进位的浓厚氛围，按照全县亮点工作推荐评选工作机制，' +
    `${PROCEDURE[level]}，评选出${periodLabel}${whatWasSelected(level, count)}。现将评选结果通报如下：`;
  const closing =
    '希望受到通报的单位再接再厉，认真总结经验，持续放大亮点效应，努力形成更多可复制、可推广的经验做法。' +
    '各单位要对标先进、学习借鉴，结合实际找差距、补短板，主动谋划、大胆创新，推动各项工作争先进位、走在全县前列。' +
    '评选结果按规定纳入干部干事档案和单位量化考核。';
  return { lead, closing };
}

/** 2018年9月5日, the day as it is in Asia/Shanghai (GB/T 9704 writes dates in Arabic numerals). */
export function chineseDate(d: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return `${get('year')}年${get('month')}月${get('day')}日`;
}

/** Cuts text to at most `max` UTF-16 units (what WeChat and Excel count), marking the cut with '…' and never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - 1;
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Control characters (other than tab and line breaks) are not allowed in XML and mean nothing in a bulletin. */
export function cleanText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** Items in rank order; equal ranks keep the caller's order. */
export function itemsInRankOrder(items: readonly BulletinItem[]): BulletinItem[] {
  return items.map((item, i) => ({ item, i })).sort((a, b) => a.item.rank - b.item.rank || a.i - b.i).map((x) => x.item);
}
