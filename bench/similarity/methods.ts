/**
 * The candidate scoring methods compared in evaluate.ts (the chosen one lives in
 * shared/src/rules/similarity.ts). All see the same normalised text (normalizeText), so the
 * differences come from the scoring alone.
 */
import { cosine, gramCounts, normalizeText, similarity, type GramVector, type SimilarityItem } from '../../shared/src/rules/similarity';
import { PRIOR_DF, PRIOR_DOCS } from '../../shared/src/rules/similarity-prior';
import { corpusParagraphs } from './make-prior';

export type Score = (a: SimilarityItem, b: SimilarityItem) => number;

const text = (x: SimilarityItem) => normalizeText(x.title) + '|' + normalizeText(x.summary ?? '');

export function bigramSet(x: SimilarityItem): Set<string> {
  const out = new Set<string>();
  for (const part of text(x).split('|')) for (let i = 0; i + 1 < part.length; i++) out.add(part.slice(i, i + 2));
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const g of a) if (b.has(g)) inter++;
  const union = a.size + b.size - inter;
  return union ? inter / union : 0;
}

/** Baseline: Jaccard of the sets of character bigrams of title + summary. */
export const bigramJaccard: Score = (a, b) => jaccard(bigramSet(a), bigramSet(b));

// ---- MinHash over the same bigram sets -------------------------------------------------------
const K = 128;
const SEEDS = Array.from({ length: K }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
export function minhash(set: Set<string>): Uint32Array {
  const sig = new Uint32Array(K).fill(0xffffffff);
  for (const g of set) {
    const h = fnv(g);
    for (let i = 0; i < K; i++) {
      const v = mix(h ^ SEEDS[i]);
      if (v < sig[i]) sig[i] = v;
    }
  }
  return sig;
}
export const minhashJaccard: Score = (a, b) => {
  const [x, y] = [minhash(bigramSet(a)), minhash(bigramSet(b))];
  let eq = 0;
  for (let i = 0; i < K; i++) if (x[i] === y[i]) eq++;
  return eq / K;
};
/** LSH banding: the keys under which a signature is bucketed (bands × rows = 128). */
export function bandKeys(sig: Uint32Array, rows: number): string[] {
  const keys: string[] = [];
  for (let b = 0; b * rows < K; b++) keys.push(b + ':' + Array.from(sig.subarray(b * rows, (b + 1) * rows)).join(','));
  return keys;
}

// ---- Cosine variants -------------------------------------------------------------------------
function vectorOf(counts: Map<string, number>, weight: (g: string) => number): GramVector {
  const weights = new Map<string, number>();
  let sq = 0;
  for (const [g, tf] of counts) {
    const w = (1 + Math.log(tf)) * weight(g);
    if (w > 0) weights.set(g, w);
    sq += w * w;
  }
  return { weights, norm: Math.sqrt(sq) };
}
const onlyBigrams = (c: Map<string, number>) => new Map([...c].filter(([g]) => g.length === 2));
const priorDf = new Map<string, number>();
for (const [df, grams] of PRIOR_DF) for (const g of grams.split(' ')) priorDf.set(g, df);
const priorIdf = (g: string) => Math.log((PRIOR_DOCS + 1) / ((priorDf.get(g) ?? 1) + 1));

/** Plain term frequency, no IDF: shows what down-weighting the register's common grams buys. */
export const tfCosine: Score = (a, b) => cosine(vectorOf(gramCounts(a), () => 1), vectorOf(gramCounts(b), () => 1));
export const tfidfBigrams: Score = (a, b) => cosine(vectorOf(onlyBigrams(gramCounts(a)), priorIdf), vectorOf(onlyBigrams(gramCounts(b)), priorIdf));
/** The chosen method. */
export const tfidf: Score = similarity;
/** Title and summary scored apart, the title weighing `w`. */
export const titleWeighted = (w: number): Score => (a, b) =>
  w * similarity({ title: a.title }, { title: b.title }) + (1 - w) * similarity({ title: a.summary ?? '' }, { title: b.summary ?? '' });

/** IDF learnt from the ledger itself (prior + the given entries), as an index could keep it. */
export function liveIdf(ledger: SimilarityItem[]): Score {
  const df = new Map<string, number>();
  for (const x of ledger) for (const g of gramCounts(x).keys()) df.set(g, (df.get(g) ?? 0) + 1);
  const n = PRIOR_DOCS + ledger.length;
  const w = (g: string) => Math.log((n + 1) / ((priorDf.get(g) ?? 1) + (df.get(g) ?? 0) + 1));
  return (a, b) => cosine(vectorOf(gramCounts(a), w), vectorOf(gramCounts(b), w));
}

/** Words from ICU's dictionary segmenter (Intl.Segmenter, built into Node), TF-IDF over words. */
export function segmenterTfidf(): Score {
  const seg = new Intl.Segmenter('zh', { granularity: 'word' });
  const words = (s: string) => [...seg.segment(s)].filter((x) => x.isWordLike).map((x) => x.segment);
  const counts = (x: SimilarityItem) => {
    const c = new Map<string, number>();
    for (const part of text(x).split('|')) for (const w of words(part)) c.set(w, (c.get(w) ?? 0) + 1);
    return c;
  };
  const paragraphs = corpusParagraphs();
  const df = new Map<string, number>();
  for (const p of paragraphs) for (const w of new Set(words(normalizeText(p)))) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w: string) => Math.log((paragraphs.length + 1) / ((df.get(w) ?? 0) + 1));
  return (a, b) => cosine(vectorOf(counts(a), idf), vectorOf(counts(b), idf));
}
