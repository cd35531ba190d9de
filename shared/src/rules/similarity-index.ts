/**
 * The ledger's duplicate search: every entry of every month, so that an arriving item is checked
 * against all of them (domain.md step 3) in a few milliseconds, not by scoring 10,000 entries one
 * by one.
 *
 * An inverted index from each character gram to the entries that contain it, with the gram's
 * weight in that entry. A query walks the postings of its own grams and accumulates dot products,
 * so an entry that shares nothing with the query costs nothing; the result is the exact cosine of
 * `similarity()` (same vectors, only the order of the additions differs), not an estimate: MinHash
 * with LSH banding was measured as the alternative and, at the low Jaccard of reworded Chinese
 * summaries, either missed duplicates or returned most of the ledger as candidates (BENCHMARKS.md).
 */
import { DUPLICATE_THRESHOLD, gramVector, type SimilarityItem } from './similarity';

export interface SimilarityMatch<Id> {
  id: Id;
  score: number;
}

export interface SimilarityQuery {
  /** At most this many matches, best first (default 10). */
  limit?: number;
  /** Only matches scoring at least this (default DUPLICATE_THRESHOLD). */
  minScore?: number;
}

interface Posting {
  slots: number[];
  weights: number[];
}

export class SimilarityIndex<Id = string> {
  /** Entry per slot; undefined once removed. Slots are not reused until compaction. */
  private ids: (Id | undefined)[] = [];
  private norms: number[] = [];
  private slotOf = new Map<Id, number>();
  private postings = new Map<string, Posting>();
  private removed = 0;

  get size(): number {
    return this.slotOf.size;
  }

  has(id: Id): boolean {
    return this.slotOf.has(id);
  }

  /** Adds an entry, or replaces it when the id is already there (an edited title or summary). */
  add(id: Id, item: SimilarityItem): void {
    this.remove(id);
    const v = gramVector(item);
    const slot = this.ids.length;
    this.ids.push(id);
    this.norms.push(v.norm);
    this.slotOf.set(id, slot);
    for (const [g, w] of v.weights) {
      let p = this.postings.get(g);
      if (!p) this.postings.set(g, (p = { slots: [], weights: [] }));
      p.slots.push(slot);
      p.weights.push(w);
    }
  }

  /** Removes an entry (a merged source, a withdrawn report). Returns whether it was there. */
  remove(id: Id): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.removed++;
    // Postings of removed entries are skipped at query time and dropped once they are half the index.
    if (this.removed > 64 && this.removed > this.slotOf.size) this.compact();
    return true;
  }

  /** Entries most similar to `item`, best first, each with its score in [0, 1]. */
  query(item: SimilarityItem, options: SimilarityQuery = {}): SimilarityMatch<Id>[] {
    const limit = options.limit ?? 10;
    const minScore = options.minScore ?? DUPLICATE_THRESHOLD;
    const q = gramVector(item);
    if (q.norm === 0 || limit <= 0) return [];
    const dots = new Float64Array(this.ids.length);
    const seen = new Uint8Array(this.ids.length);
    const touched: number[] = [];
    for (const [g, wq] of q.weights) {
      const p = this.postings.get(g);
      if (!p) continue;
      const { slots, weights } = p;
      for (let i = 0; i < slots.length; i++) {
        const s = slots[i];
        if (!seen[s]) {
          seen[s] = 1;
          touched.push(s);
        }
        dots[s] += wq * weights[i];
      }
    }
    const matches: SimilarityMatch<Id>[] = [];
    for (const s of touched) {
      const id = this.ids[s];
      if (id === undefined) continue;
      const score = Math.min(1, dots[s] / (q.norm * this.norms[s]));
      if (score >= minScore) matches.push({ id, score });
    }
    matches.sort((a, b) => b.score - a.score);
    return matches.slice(0, limit);
  }

  private compact(): void {
    const live = [...this.slotOf.entries()];
    const old = { norms: this.norms, postings: this.postings };
    this.ids = [];
    this.norms = [];
    this.slotOf = new Map();
    this.postings = new Map();
    this.removed = 0;
    const newSlot = new Map<number, number>();
    for (const [id, s] of live) {
      newSlot.set(s, this.ids.length);
      this.slotOf.set(id, this.ids.length);
      this.ids.push(id);
      this.norms.push(old.norms[s]);
    }
    for (const [g, p] of old.postings) {
      const kept: Posting = { slots: [], weights: [] };
      for (let i = 0; i < p.slots.length; i++) {
        const s = newSlot.get(p.slots[i]);
        if (s !== undefined) {
          kept.slots.push(s);
          kept.weights.push(p.weights[i]);
        }
      }
      if (kept.slots.length) this.postings.set(g, kept);
    }
  }
}
