/**
 * Precision, recall and F1 of each candidate method on the labelled pairs (dataset.json).
 *
 *   npm run bench:similarity     (or: tsc -b shared && tsc -p bench && node bench/dist/bench/similarity/evaluate.js)
 *
 * Two readings per method, because a threshold picked on the pairs it is scored on flatters:
 * - "best": the threshold that maximises F1 on all pairs (optimistic);
 * - "cv": 5-fold cross-validation by work: pairs are split by the work they start from, the
 *   threshold is picked on 4 folds and applied to the 5th; counts are summed over the 5 test folds.
 * Then, for the chosen method: the fixed DUPLICATE_THRESHOLD, errors by kind, a threshold sweep,
 * and how MinHash + LSH banding would do as the candidate search.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DUPLICATE_THRESHOLD, type SimilarityItem } from '../../shared/src/rules/similarity';
import { DATA_DIR, type Pair } from './build-dataset';
import * as m from './methods';

const { pairs } = JSON.parse(readFileSync(path.join(DATA_DIR, 'dataset.json'), 'utf8')) as { pairs: Pair[] };
const FOLDS = 5;
const workOf = (p: Pair) => p.from.split(/[ :]/)[0];
const foldOf = (p: Pair) => [...workOf(p)].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % FOLDS;

interface Counts { tp: number; fp: number; fn: number; tn: number }
function count(scored: { s: number; y: boolean }[], t: number): Counts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const x of scored) {
    if (x.s >= t) x.y ? c.tp++ : c.fp++;
    else x.y ? c.fn++ : c.tn++;
  }
  return c;
}
const prf = (c: Counts) => {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};
const GRID = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
function bestThreshold(scored: { s: number; y: boolean }[]): number {
  let best = { t: 0.5, f1: -1 };
  for (const t of GRID) {
    const { f1 } = prf(count(scored, t));
    if (f1 > best.f1) best = { t, f1 };
  }
  return best.t;
}
function auc(scored: { s: number; y: boolean }[]): number {
  const pos = scored.filter((x) => x.y);
  const neg = scored.filter((x) => !x.y);
  let sum = 0;
  for (const a of pos) for (const b of neg) sum += a.s > b.s ? 1 : a.s === b.s ? 0.5 : 0;
  return sum / (pos.length * neg.length);
}

function evaluate(score: m.Score) {
  const scored = pairs.map((p) => ({ s: score(p.a, p.b), y: p.duplicate, fold: foldOf(p), p }));
  const tBest = bestThreshold(scored);
  const cv: Counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const foldThresholds: number[] = [];
  for (let f = 0; f < FOLDS; f++) {
    const t = bestThreshold(scored.filter((x) => x.fold !== f));
    foldThresholds.push(t);
    const c = count(scored.filter((x) => x.fold === f), t);
    for (const k of ['tp', 'fp', 'fn', 'tn'] as const) cv[k] += c[k];
  }
  return { scored, tBest, best: prf(count(scored, tBest)), cv: prf(cv), foldThresholds, auc: auc(scored) };
}

const f3 = (x: number) => x.toFixed(3);
const ledger: SimilarityItem[] = [...new Map(pairs.flatMap((p) => [p.a, p.b]).map((x) => [x.title + '\n' + x.summary, x])).values()];
const methods: [string, m.Score][] = [
  ['char-bigram Jaccard (baseline)', m.bigramJaccard],
  ['MinHash estimate of it (128 hashes)', m.minhashJaccard],
  ['TF cosine, char 1+2-grams (no IDF)', m.tfCosine],
  ['TF-IDF cosine, char bigrams', m.tfidfBigrams],
  ['**TF-IDF cosine, char 1+2-grams (chosen)**', m.tfidf],
  ['same, title weighs 0.5 (scored apart)', m.titleWeighted(0.5)],
  ['same, title weighs 0.3 (scored apart)', m.titleWeighted(0.3)],
  ['same, IDF learnt from the ledger too', m.liveIdf(ledger)],
  ['TF-IDF cosine, words (Intl.Segmenter zh)', m.segmenterTfidf()],
];

const npos = pairs.filter((p) => p.duplicate).length;
console.log(`dataset: ${pairs.length} pairs, ${npos} duplicates, ${pairs.length - npos} distinct; ${ledger.length} distinct items\n`);
console.log('| method | best t | P | R | F1 | CV P | CV R | CV F1 | CV thresholds | ROC AUC |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---:|');
let chosen: ReturnType<typeof evaluate> | undefined;
for (const [name, score] of methods) {
  const r = evaluate(score);
  if (score === m.tfidf) chosen = r;
  console.log(`| ${name} | ${r.tBest.toFixed(2)} | ${f3(r.best.p)} | ${f3(r.best.r)} | ${f3(r.best.f1)} | ${f3(r.cv.p)} | ${f3(r.cv.r)} | ${f3(r.cv.f1)} | ${r.foldThresholds.map((t) => t.toFixed(2)).join(' ')} | ${f3(r.auc)} |`);
}

const c = chosen!;
const at = prf(count(c.scored, DUPLICATE_THRESHOLD));
console.log(`\nchosen method at DUPLICATE_THRESHOLD = ${DUPLICATE_THRESHOLD}: P ${f3(at.p)}  R ${f3(at.r)}  F1 ${f3(at.f1)}\n`);
console.log('| kind | label | pairs | called duplicate | min score | median | max score |');
console.log('|---|---|---:|---:|---:|---:|---:|');
const kinds = [...new Set(pairs.map((p) => p.kind))];
for (const k of kinds) {
  const xs = c.scored.filter((x) => x.p.kind === k).map((x) => x.s).sort((a, b) => a - b);
  const dup = c.scored.find((x) => x.p.kind === k)!.y;
  const called = xs.filter((s) => s >= DUPLICATE_THRESHOLD).length;
  console.log(`| ${k} | ${dup ? 'duplicate' : 'distinct'} | ${xs.length} | ${called} | ${f3(xs[0])} | ${f3(xs[xs.length >> 1])} | ${f3(xs[xs.length - 1])} |`);
}
console.log('\nthreshold sweep (chosen method):\n\n| t | P | R | F1 |\n|---:|---:|---:|---:|');
for (let t = 0.1; t <= 0.501; t += 0.04) {
  const r = prf(count(c.scored, t));
  console.log(`| ${t.toFixed(2)} | ${f3(r.p)} | ${f3(r.r)} | ${f3(r.f1)} |`);
}
if (process.argv.includes('--errors')) {
  for (const x of c.scored.filter((x) => x.s >= DUPLICATE_THRESHOLD !== x.y).sort((a, b) => b.s - a.s)) {
    console.log(f3(x.s), x.y ? 'missed' : 'false dup', x.p.kind, x.p.from, '|', x.p.a.title, '|', x.p.b.title);
  }
}

// MinHash + LSH as the candidate search: does a duplicate share a bucket with its entry, and how
// many distinct pairs would be re-scored for nothing?
console.log('\nMinHash LSH banding (128 hashes) as the candidate search:\n');
console.log('| bands × rows | duplicates found (candidate recall) | distinct pairs that collide |');
console.log('|---|---:|---:|');
const sigs = new Map<SimilarityItem, Uint32Array>();
const sig = (x: SimilarityItem) => sigs.get(x) ?? (sigs.set(x, m.minhash(m.bigramSet(x))), sigs.get(x)!);
for (const rows of [1, 2, 4, 8]) {
  const collide = (p: Pair) => {
    const a = new Set(m.bandKeys(sig(p.a), rows));
    return m.bandKeys(sig(p.b), rows).some((k) => a.has(k));
  };
  const dup = pairs.filter((p) => p.duplicate);
  const dist = pairs.filter((p) => !p.duplicate);
  const hit = dup.filter(collide).length;
  const fp = dist.filter(collide).length;
  console.log(`| ${128 / rows} × ${rows} | ${hit}/${dup.length} (${f3(hit / dup.length)}) | ${fp}/${dist.length} (${f3(fp / dist.length)}) |`);
}
