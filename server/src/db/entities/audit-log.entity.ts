import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per change that matters, written in the same transaction as the change. Rows form a hash
 * chain: `hash = sha256(prevHash + content)`, so editing or deleting a row breaks every later link.
 * `seq` is assigned from `audit_head`, not by auto-increment, so the chain has no gaps.
 */
@Entity('audit_log')
export class AuditLogEntity {
  @PrimaryColumn({ type: 'int' })
  seq!: number;

  /** ISO 8601 text: hashed exactly as stored, with no driver date conversion in between. */
  @Column({ type: 'varchar', length: 30 })
  at!: string;

  @Column({ type: 'int', name: 'actor_id', nullable: true })
  actorId!: number | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 32, name: 'entity_type' })
  entityType!: string;

  @Column({ type: 'varchar', length: 64, name: 'entity_id', nullable: true })
  entityId!: string | null;

  /** JSON text of the change, hashed as stored. */
  @Column({ type: 'text' })
  data!: string;

  @Column({ type: 'varchar', length: 64, name: 'prev_hash' })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}

/** A single row (id 1) that every audited transaction locks: it serialises appends to the chain. */
@Entity('audit_head')
export class AuditHeadEntity {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'last_seq' })
  lastSeq!: number;

  @Column({ type: 'varchar', length: 64, name: 'last_hash' })
  lastHash!: string;
}
