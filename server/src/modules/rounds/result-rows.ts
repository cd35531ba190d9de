import { In, type EntityManager } from 'typeorm';
import { LedgerEntryEntity } from '../../db/entities';

export interface EntryLabel {
  title: string;
  unitName: string | null;
}

/** Title and unit of ledger entries, for result rows: one query, and a blank label for a missing id. */
export async function entryLabels(m: EntityManager, ids: number[]): Promise<(id: number) => EntryLabel> {
  const rows = ids.length ? await m.getRepository(LedgerEntryEntity).find({ where: { id: In(ids) }, relations: { unit: true } }) : [];
  const byId = new Map(rows.map((e) => [e.id, { title: e.title, unitName: e.unit?.name ?? null }]));
  return (id) => byId.get(id) ?? { title: '', unitName: null };
}

/**
 * An item's status in a result: once the round is closed, whether it was selected (the tally's or
 * the office's tie decision, as stored); before, the engine's own status (tie, out, unscored…).
 */
export function resultStatus(r: { status: string }, selected: Set<number>, entryId: number, engineStatus: string): string {
  if (r.status !== 'closed') return engineStatus;
  return selected.has(entryId) ? 'selected' : 'notSelected';
}
