import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '../../db/database';
import { AuditHeadEntity, AuditLogEntity } from '../../db/entities';

export interface AuditEvent {
  actorId: number | null;
  /** `<entity>.<verb>`, e.g. `user.roles.set`, `import.users`. */
  action: string;
  entityType: string;
  entityId?: string | number | null;
  data?: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

export function auditHash(prevHash: string, row: Omit<AuditLogEntity, 'hash' | 'prevHash'>): string {
  const content = JSON.stringify([row.seq, row.at, row.actorId, row.action, row.entityType, row.entityId, row.data]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/**
 * Appends one link to the chain. Must run inside the transaction that makes the change: the head row
 * is locked (FOR UPDATE on MySQL; SQLite transactions are already serial), so concurrent writers
 * queue here and the chain never forks.
 */
export async function appendAudit(m: EntityManager, event: AuditEvent): Promise<AuditLogEntity> {
  if (!m.queryRunner?.isTransactionActive) throw new Error('appendAudit must run inside a transaction');
  const qb = m.getRepository(AuditHeadEntity).createQueryBuilder('h').where('h.id = 1');
  if (m.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  const head = await qb.getOneOrFail();
  const row = {
    seq: head.lastSeq + 1,
    at: new Date().toISOString(),
    actorId: event.actorId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId == null ? null : String(event.entityId),
    data: JSON.stringify(event.data ?? {}),
  };
  const hash = auditHash(head.lastHash, row);
  const entity = m.create(AuditLogEntity, { ...row, prevHash: head.lastHash, hash });
  await m.insert(AuditLogEntity, entity);
  await m.update(AuditHeadEntity, { id: 1 }, { lastSeq: row.seq, lastHash: hash });
  return entity;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first row that does not hold, and why. */
  firstBroken?: { seq: number; reason: string };
}

/** Walks the chain in pages, recomputing every hash; names the first row that does not hold. */
export async function verifyAuditChain(db: Database, pageSize = 1000): Promise<ChainReport> {
  const repo = db.manager.getRepository(AuditLogEntity);
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await repo
      .createQueryBuilder('a')
      .where('a.seq >= :from', { from: expectedSeq })
      .orderBy('a.seq', 'ASC')
      .take(pageSize)
      .getMany();
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `row ${expectedSeq} is missing` } };
      if (row.prevHash !== prevHash) return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'prev_hash does not match the previous row' } };
      if (auditHash(prevHash, row) !== row.hash) return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'content does not match its hash' } };
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.manager.getRepository(AuditHeadEntity).findOneByOrFail({ id: 1 });
  if (head.lastSeq !== checked || head.lastHash !== prevHash) {
    return { ok: false, checked, firstBroken: { seq: checked + 1, reason: `the chain ends at ${checked} but the head says ${head.lastSeq}: rows were removed from the end` } };
  }
  return { ok: true, checked };
}
