import type { EntityManager } from 'typeorm';
import { QuotaCounterEntity } from '../../db/entities';

/** Counter scope of a unit's reports or a leader's recommendations. */
export const unitScope = (unitId: number) => `unit:${unitId}`;
export const leaderScope = (userId: number) => `leader:${userId}`;

/**
 * The counter row for (scope, month) (see ensureCounter), locked for the rest of the
 * transaction: on MySQL with FOR UPDATE, so parallel submissions of one unit queue here and each
 * sees the count the previous one left; SQLite transactions are serial already.
 */
export async function lockCounter(m: EntityManager, scope: string, month: string): Promise<QuotaCounterEntity> {
  const qb = m.getRepository(QuotaCounterEntity).createQueryBuilder('c').where('c.scope = :scope AND c.month = :month', { scope, month });
  if (m.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  return qb.getOneOrFail();
}

/**
 * Creates the counter row if missing, in its own autocommit statement before the transaction:
 * inside it, concurrent INSERT IGNOREs of one key take gap locks on MySQL and deadlock each other.
 */
export async function ensureCounter(m: EntityManager, scope: string, month: string): Promise<void> {
  await m.createQueryBuilder().insert().into(QuotaCounterEntity).values({ scope, month, used: 0 }).orIgnore().execute();
}

export async function setUsed(m: EntityManager, c: QuotaCounterEntity, used: number): Promise<void> {
  await m.update(QuotaCounterEntity, { scope: c.scope, month: c.month }, { used: Math.max(0, used) });
}

export async function readUsed(m: EntityManager, scope: string, month: string): Promise<number> {
  return (await m.getRepository(QuotaCounterEntity).findOneBy({ scope, month }))?.used ?? 0;
}
