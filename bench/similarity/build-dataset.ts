/**
 * Builds dataset.json (labelled pairs) from sources.json. Deterministic: a seeded generator picks
 * the sampled pairs, so the committed dataset.json is exactly what this prints.
 *
 *   tsc -p bench && node bench/dist/bench/similarity/build-dataset.js
 *
 * Labels follow the ledger rule of seed 000 ("同一事项不重复推荐"): a pair is a duplicate when both
 * texts describe the same work of the same unit, including the same work reported again in a later
 * month. Everything else (another work of the same unit, the same kind of work by another unit, a
 * title template or stock sentences shared by different works) is not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Item { unit: string; title: string; summary: string }
export interface Pair { id: string; kind: string; duplicate: boolean; a: Item; b: Item; from: string; note?: string }
interface Work extends Item { id: string; topic: string; source: string }
interface Rewrite { of: string; kind: string; title: string; summary: string; source?: string }
interface Shared { of: string; unit: string; title: string; summary: string }
interface Sources { works: Work[]; rewrites: Rewrite[]; sharedWording: Shared[]; boilerplate: { opening: string[]; closing: string[] } }

export const DATA_DIR = path.resolve(__dirname, '../../../similarity');

/** mulberry32: a small seeded generator, so the sample is the same on every machine. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function build(src: Sources): { pairs: Pair[] } {
  const rand = rng(20261123);
  const shuffle = <T>(xs: T[]): T[] => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const byId = new Map(src.works.map((w) => [w.id, w]));
  const item = (x: Item): Item => ({ unit: x.unit, title: x.title, summary: x.summary });
  const pairs: Pair[] = [];
  const push = (kind: string, duplicate: boolean, a: Item, b: Item, from: string, note?: string) =>
    pairs.push({ id: `p${String(pairs.length + 1).padStart(3, '0')}`, kind, duplicate, a: item(a), b: item(b), from, ...(note ? { note } : {}) });

  // Positives: each rewrite against its work, and rewrites of one work against each other.
  const rewritesOf = new Map<string, Rewrite[]>();
  for (const r of src.rewrites) {
    const w = byId.get(r.of)!;
    push(r.kind, true, w, { ...r, unit: w.unit }, `${w.id} / rewrite`);
    rewritesOf.set(r.of, [...(rewritesOf.get(r.of) ?? []), r]);
  }
  for (const [of, rs] of rewritesOf) {
    const w = byId.get(of)!;
    for (let i = 0; i < rs.length; i++) for (let j = i + 1; j < rs.length; j++) {
      push('both-rewritten', true, { ...rs[i], unit: w.unit }, { ...rs[j], unit: w.unit }, `${of}: ${rs[i].kind} / ${rs[j].kind}`);
    }
  }

  // Negatives from the works themselves, capped per unit / topic so that one big report does not
  // dominate.
  const works = src.works;
  const sameUnit: [Work, Work][] = [];
  const sameTopic: [Work, Work][] = [];
  const other: [Work, Work][] = [];
  for (let i = 0; i < works.length; i++) for (let j = i + 1; j < works.length; j++) {
    const [a, b] = [works[i], works[j]];
    if (a.unit === b.unit) sameUnit.push([a, b]);
    else if (a.topic === b.topic) sameTopic.push([a, b]);
    else other.push([a, b]);
  }
  const capped = (xs: [Work, Work][], key: (p: [Work, Work]) => string, cap: number) => {
    const seen = new Map<string, number>();
    return shuffle(xs).filter((p) => {
      const n = seen.get(key(p)) ?? 0;
      seen.set(key(p), n + 1);
      return n < cap;
    });
  };
  const unitPairs = capped(sameUnit, ([a]) => a.unit, 8);
  const topicPairs = capped(sameTopic, ([a]) => a.topic, 10);
  for (const [a, b] of unitPairs) push('same-unit-different-work', false, a, b, `${a.id} / ${b.id}`);
  for (const [a, b] of topicPairs) push('same-topic-different-unit', false, a, b, `${a.id} / ${b.id}`);
  for (const s of src.sharedWording) push('shared-wording-different-work', false, byId.get(s.of)!, s, `${s.of} / written (${s.unit})`);

  // The same stock sentence added to both works of 25 different-work pairs ...
  const { opening, closing } = src.boilerplate;
  shuffle([...unitPairs, ...topicPairs]).slice(0, 25).forEach(([a, b], i) => {
    const o = i % 3 === 2 ? '' : opening[i % opening.length];
    const c = i % 3 === 1 ? '' : closing[i % closing.length];
    const dress = (w: Work): Item => ({ ...w, summary: o + w.summary + c });
    push('shared-wording-different-work', false, dress(a), dress(b), `${a.id} / ${b.id}`, 'same stock sentence added to both');
  });
  // ... and one to the rewritten side of a quarter of the duplicates, so stock wording marks neither label.
  for (const p of pairs.filter((q) => q.duplicate)) {
    if (rand() < 0.25) {
      p.b = { ...p.b, summary: p.b.summary + closing[Math.floor(rand() * closing.length)] };
      p.note = 'stock sentence added to b';
    }
  }
  for (const [a, b] of shuffle(other).slice(0, 50)) push('unrelated', false, a, b, `${a.id} / ${b.id}`);
  return { pairs };
}

if (require.main === module) {
  const src = JSON.parse(readFileSync(path.join(DATA_DIR, 'sources.json'), 'utf8')) as Sources;
  const { pairs } = build(src);
  const counts: Record<string, { duplicate: number; distinct: number }> = {};
  for (const p of pairs) {
    counts[p.kind] ??= { duplicate: 0, distinct: 0 };
    counts[p.kind][p.duplicate ? 'duplicate' : 'distinct']++;
  }
  const header = {
    about: 'Labelled pairs for duplicate detection in the ledger. Made by build-dataset.ts from sources.json; see README.md.',
    positives: pairs.filter((p) => p.duplicate).length,
    negatives: pairs.filter((p) => !p.duplicate).length,
    counts,
  };
  writeFileSync(path.join(DATA_DIR, 'dataset.json'), JSON.stringify({ ...header, pairs }, null, 1) + '\n');
  console.log(JSON.stringify(header, null, 1));
}
