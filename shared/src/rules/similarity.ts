/**
 * Near-duplicate detection for the ledger (domain.md step 3: "the same item is never recommended
 * twice"; an item already in the ledger in an earlier month cannot come back as new).
 *
 * The score is the cosine of TF-IDF vectors over the character unigrams and bigrams of the
 * normalised title and summary. Chosen by measurement (BENCHMARKS.md, "Duplicate detection"): on
 * bench/similarity/dataset.json it beat character-bigram Jaccard, MinHash, plain TF and a separately
 * weighted title. ICU's word segmenter (Intl.Segmenter) scored a little higher, but its dictionary,
 * and whether it exists at all, depend on the JavaScript engine; character grams score the same in
 * the mini-program and on the server.
 *
 * The IDF weights are fixed (similarity-prior.ts, document frequencies in a corpus of county work
 * reports), not learned from the live ledger: a score recorded when the office decided can be
 * recomputed later and comes out the same. IDF is what keeps the register's stock words
 * (工作, 开展, 全面, 积极, 群众, 县委县政府 …) and stock sentences from making two different works
 * look alike: against plain TF it lifts cross-validated F1 from 0.855 to 0.901.
 *
 * Pure TypeScript, no Node APIs: it runs in the mini-program too.
 */
import { PRIOR_DF, PRIOR_DOCS } from './similarity-prior';

export interface SimilarityItem {
  title: string;
  summary?: string | null;
}

/**
 * Score at or above which two items are taken as the same work: the office is shown the pair, and
 * an item that reaches it against an earlier month's entry is linked to that entry instead of
 * entering as new. Cross-validation on the labelled set picked 0.30–0.34; the lowest, because a
 * missed duplicate lets a work be selected twice while a false one costs the office a "keep apart"
 * (precision 0.87, recall 0.98 on the set; BENCHMARKS.md).
 */
export const DUPLICATE_THRESHOLD = 0.3;

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 一千一百 → 1100, 二〇一八 → 2018, 七万 → 70000, 十多 → 10多. */
function chineseNumeral(s: string): string {
  if (!/[十百千万]/.test(s)) return [...s].map((c) => CN_DIGIT[c]).join('');
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const c of s) {
    if (c in CN_DIGIT) digit = CN_DIGIT[c];
    else if (c in CN_UNIT) {
      section += (digit || 1) * CN_UNIT[c];
      digit = 0;
    } else {
      total += (section + digit || 1) * 10000;
      section = 0;
      digit = 0;
    }
  }
  return String(total + section + digit);
}

/**
 * Text as compared: full-width folded to half-width, lower case, numbers written one way
 * (the same figure is written 6350, ６３５０, 六千三百五十 or 0.635万 in different reports), then
 * everything but Han characters, Latin letters and digits dropped (punctuation and spacing differ
 * between a unit's report and a leader's recommendation of the same work).
 */
export function normalizeText(text: string): string {
  return text
    // Full-width ASCII (ＡＢＣ１２３) to half-width by hand rather than normalize('NFKC'), whose
    // tables depend on the JavaScript engine's ICU build: the score must not differ between the
    // mini-program and the server.
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toLowerCase()
    .replace(/[〇零一二两三四五六七八九十百千][〇零一二两三四五六七八九十百千万]*/g, (m) =>
      // 百万, 千万家: these unit characters alone are words, not figures (十 alone is ten).
      /^[百千万]+$/.test(m) ? m : chineseNumeral(m),
    )
    .replace(/(\d+(?:\.\d+)?)万/g, (_, n: string) => String(Math.round(Number(n) * 10000)))
    .replace(/[^\p{Script=Han}a-z0-9]/gu, '');
}

/** Character unigram and bigram counts of title and summary (no bigram across the two). */
export function gramCounts(item: SimilarityItem): Map<string, number> {
  const counts = new Map<string, number>();
  for (const part of [item.title, item.summary ?? '']) {
    const s = normalizeText(part);
    for (let i = 0; i < s.length; i++) {
      counts.set(s[i], (counts.get(s[i]) ?? 0) + 1);
      if (i + 1 < s.length) {
        const g = s.slice(i, i + 2);
        counts.set(g, (counts.get(g) ?? 0) + 1);
      }
    }
  }
  return counts;
}

let priorDf: Map<string, number> | undefined;

/** Inverse document frequency of a gram in the prior corpus; unseen grams count as seen once. */
export function gramWeight(gram: string): number {
  if (!priorDf) {
    priorDf = new Map();
    for (const [df, grams] of PRIOR_DF) for (const g of grams.split(' ')) priorDf.set(g, df);
  }
  return Math.log((PRIOR_DOCS + 1) / ((priorDf.get(gram) ?? 1) + 1));
}

/** A weighted vector with its norm, computed once per ledger entry. */
export interface GramVector {
  weights: Map<string, number>;
  norm: number;
}

export function gramVector(item: SimilarityItem): GramVector {
  const weights = new Map<string, number>();
  let sq = 0;
  for (const [g, tf] of gramCounts(item)) {
    // Sublinear TF: a word repeated in a long summary should not outweigh the rest of it.
    const w = (1 + Math.log(tf)) * gramWeight(g);
    weights.set(g, w);
    sq += w * w;
  }
  return { weights, norm: Math.sqrt(sq) };
}

export function cosine(a: GramVector, b: GramVector): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [g, w] of small.weights) {
    const v = large.weights.get(g);
    if (v !== undefined) dot += w * v;
  }
  // Rounding can lift identical vectors a hair above 1.
  return Math.min(1, dot / (a.norm * b.norm));
}

/**
 * Similarity of two items in [0, 1]: 1 for the same text (after normalisation), 0 when they share
 * no character or either is empty after normalisation (punctuation only, blank).
 */
export function similarity(a: SimilarityItem, b: SimilarityItem): number {
  return cosine(gramVector(a), gramVector(b));
}
