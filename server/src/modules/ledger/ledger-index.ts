import { SimilarityIndex, type SimilarityItem } from '@liangdian/shared';
import { In, type EntityManager } from 'typeorm';
import { LedgerEntryEntity } from '../../db/entities';

export interface IndexedEntry {
  id: number;
  month: string;
  title: string;
  unitName: string | null;
}

/**
 * The ledger's text index, one per server process. The database stays the truth: before each use
 * the index compares its ids with the table's and adds or drops the difference, so an entry merged
 * away by another process disappears here too. Entry texts never change after entry (a merge
 * removes the emptied entry), so ids are enough to stay in step.
 */
export class LedgerIndex {
  private readonly index = new SimilarityIndex<number>();
  private readonly entries = new Map<number, IndexedEntry>();

  async sync(m: EntityManager): Promise<void> {
    const ids: { id: number }[] = await m.getRepository(LedgerEntryEntity).createQueryBuilder('e').select('e.id', 'id').getRawMany();
    const current = new Set(ids.map((r) => Number(r.id)));
    for (const id of this.entries.keys()) {
      if (!current.has(id)) {
        this.index.remove(id);
        this.entries.delete(id);
      }
    }
    const missing = [...current].filter((id) => !this.entries.has(id));
    for (let i = 0; i < missing.length; i += 500) {
      const rows = await m.getRepository(LedgerEntryEntity).find({ where: { id: In(missing.slice(i, i + 500)) }, relations: { unit: true } });
      for (const r of rows) {
        this.index.add(r.id, { title: r.title, summary: r.summary });
        this.entries.set(r.id, { id: r.id, month: r.month, title: r.title, unitName: r.unit?.name ?? null });
      }
    }
  }

  /** Entries scoring at least `minScore` against `item`, best first, that pass `keep`. */
  async query(m: EntityManager, item: SimilarityItem, minScore: number, keep: (e: IndexedEntry) => boolean, limit: number) {
    await this.sync(m);
    // Ask for more than `limit`: some matches are filtered out by month, self or a distinct ruling.
    const found = this.index.query(item, { minScore, limit: limit + 50 });
    return found
      .map((f) => ({ entry: this.entries.get(f.id)!, score: f.score }))
      .filter((f) => f.entry && keep(f.entry))
      .slice(0, limit);
  }
}
