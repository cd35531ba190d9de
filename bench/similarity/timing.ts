/**
 * Time to check one new item against a ledger of 10,000 entries: SimilarityIndex.query against
 * linear scans, in one run, queries taking turns between the methods.
 *
 *   npm run bench:similarity     (or: node bench/dist/bench/similarity/timing.js [--entries 10000] [--queries 200])
 *
 * Ledger: the 83 works of sources.json plus synthetic entries recombined from the sentences of
 * seed 002's reports (corpus-002.txt) that no dataset work was cut from: a title from a report's
 * heading or a sentence's first clause, a summary of 2–5 sentences (about the length of the
 * August highlight summaries). Queries: the rewritten and written items of dataset.json, i.e.
 * realistic new reports, some of which are duplicates of ledger entries.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DUPLICATE_THRESHOLD, cosine, gramVector, similarity, type SimilarityItem } from '../../shared/src/rules/similarity';
import { SimilarityIndex } from '../../shared/src/rules/similarity-index';
import { DATA_DIR, type Pair } from './build-dataset';
import { bandKeys, bigramSet, minhash } from './methods';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ENTRIES = arg('entries', 10000);
const QUERIES = arg('queries', 200);
const NAIVE_QUERIES = arg('naive-queries', 20);

let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];

const sources = JSON.parse(readFileSync(path.join(DATA_DIR, 'sources.json'), 'utf8')) as { works: (SimilarityItem & { source: string })[] };
const { pairs } = JSON.parse(readFileSync(path.join(DATA_DIR, 'dataset.json'), 'utf8')) as { pairs: Pair[] };
const used = new Set(sources.works.flatMap((w) => (w.source.startsWith('002:') ? w.source.slice(4).split('+').map(Number) : [])));
const lines = readFileSync(path.join(DATA_DIR, 'corpus-002.txt'), 'utf8').split('\n');
const free = lines.filter((_, i) => !used.has(i + 1));
const headings = free.filter((l) => l.length >= 6 && l.length <= 24).map((l) => l.replace(/^[一二三四五六七八九十（()）\d、.是]+/, ''));
const sentences = free.flatMap((l) => l.split(/(?<=[。；;！])/)).filter((s) => s.length >= 15 && s.length <= 160);

function synthetic(): SimilarityItem {
  const n = 2 + Math.floor(rand() * 4);
  const summary = Array.from({ length: n }, () => pick(sentences)).join('');
  const title = rand() < 0.5 ? pick(headings) : pick(sentences).split(/[,，。；]/)[0].slice(0, 24);
  return { title, summary };
}

const ledger: [string, SimilarityItem][] = sources.works.map((w, i) => [`w${i}`, w]);
while (ledger.length < ENTRIES) ledger.push([`s${ledger.length}`, synthetic()]);
const queries = [...new Map(pairs.map((p) => [p.b.title + p.b.summary, p.b])).values()].slice(0, QUERIES);

const heap0 = process.memoryUsage().heapUsed;
let t0 = performance.now();
const index = new SimilarityIndex<string>();
for (const [id, item] of ledger) index.add(id, item);
const buildMs = performance.now() - t0;
const indexMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
t0 = performance.now();
const vectors = ledger.map(([id, item]) => ({ id, v: gramVector(item) }));
const vectorsMs = performance.now() - t0;
// MinHash LSH (64 bands × 2 rows, the only banding that kept most duplicates in evaluate.ts)
t0 = performance.now();
const buckets = new Map<string, number[]>();
ledger.forEach(([, item], i) => {
  for (const k of bandKeys(minhash(bigramSet(item)), 2)) (buckets.get(k) ?? buckets.set(k, []).get(k)!).push(i);
});
const lshBuildMs = performance.now() - t0;

const time = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const runs: Record<string, number[]> = { index: [], 'scan (precomputed vectors)': [], 'scan (naive similarity())': [], 'MinHash LSH + exact re-score': [] };
let lshCandidates = 0;
let mismatches = 0;
for (let round = 0; round < 2; round++) {
  // round 0 (20 queries) warms up the JIT and is not counted
  (round ? queries : queries.slice(0, 20)).forEach((q, qi) => {
    const r: Record<string, number> = {};
    let fromIndex: { id: string; score: number }[] = [];
    let fromScan: { id: string; score: number }[] = [];
    r.index = time(() => (fromIndex = index.query(q, { limit: 10 })));
    r['scan (precomputed vectors)'] = time(() => {
      const qv = gramVector(q);
      fromScan = vectors.map(({ id, v }) => ({ id, score: cosine(qv, v) })).filter((m) => m.score >= DUPLICATE_THRESHOLD).sort((a, b) => b.score - a.score).slice(0, 10);
    });
    r['MinHash LSH + exact re-score'] = time(() => {
      const cand = new Set<number>();
      for (const k of bandKeys(minhash(bigramSet(q)), 2)) for (const i of buckets.get(k) ?? []) cand.add(i);
      if (round) lshCandidates += cand.size;
      const qv = gramVector(q);
      return [...cand].map((i) => ({ id: ledger[i][0], score: cosine(qv, vectors[i].v) })).filter((m) => m.score >= DUPLICATE_THRESHOLD);
    });
    if (qi < NAIVE_QUERIES) {
      r['scan (naive similarity())'] = time(() => ledger.filter(([, item]) => similarity(q, item) >= DUPLICATE_THRESHOLD));
    }
    if (!round) return;
    for (const [k, v] of Object.entries(r)) runs[k].push(v);
    const same = fromIndex.length === fromScan.length && fromIndex.every((m, i) => m.id === fromScan[i].id && Math.abs(m.score - fromScan[i].score) < 1e-9);
    if (!same) mismatches++;
  });
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const p50index = pct(runs.index, 50);
console.log(`ledger: ${ledger.length} entries (${sources.works.length} works + synthetic from ${sentences.length} sentences); ${queries.length} queries; Node ${process.version}`);
console.log(`index build ${buildMs.toFixed(0)} ms (${indexMb.toFixed(0)} MB heap); vectors for the scan ${vectorsMs.toFixed(0)} ms; LSH buckets ${lshBuildMs.toFixed(0)} ms`);
console.log(`index results identical to the precomputed scan (ids, order, scores ±1e-9): ${queries.length - mismatches}/${queries.length}`);
console.log(`LSH candidates per query: ${(lshCandidates / queries.length).toFixed(0)} of ${ledger.length}\n`);
console.log('| method | queries | p50 ms | p95 ms | mean ms | p50 ÷ index p50 |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, xs] of Object.entries(runs)) {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  console.log(`| ${name} | ${xs.length} | ${pct(xs, 50).toFixed(2)} | ${pct(xs, 95).toFixed(2)} | ${mean.toFixed(2)} | × ${(pct(xs, 50) / p50index).toFixed(1)} |`);
}
