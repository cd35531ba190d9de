import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { Category } from '@liangdian/shared';
import { timestampColumn } from '../columns';
import { ReportEntity } from './report.entity';
import { UnitEntity } from './unit.entity';

export type LedgerStatus = 'open' | 'inspecting' | 'passed' | 'rejected';

/**
 * One distinct highlight work in the office's ledger (台账), with every report and recommendation of
 * it as sources. The same work is never entered twice (seed 000: 同一事项不重复推荐).
 */
@Entity('ledger_entries')
@Index('ix_ledger_month_status', ['month', 'status'])
export class LedgerEntryEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  /** The month the work first entered the ledger. */
  @Column({ type: 'varchar', length: 7 })
  month!: string;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'int', name: 'unit_id', nullable: true })
  unitId!: number | null;

  @ManyToOne(() => UnitEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Relation<UnitEntity> | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  category!: Category | null;

  @Column({ type: 'varchar', length: 16 })
  status!: LedgerStatus;

  @Column({ type: 'int', name: 'inspector_id', nullable: true })
  inspectorId!: number | null;

  @OneToMany(() => LedgerSourceEntity, (s) => s.entry)
  sources?: Relation<LedgerSourceEntity[]>;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' })
  updatedAt!: Date;
}

/** How a report or recommendation joined its entry: as a new work, merged by the office, or as a repeat of an earlier month's. */
export type LedgerLink = 'new' | 'merged' | 'repeat';

@Entity('ledger_sources')
export class LedgerSourceEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'entry_id' })
  entryId!: number;

  @ManyToOne(() => LedgerEntryEntity, (e) => e.sources, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id' })
  entry?: Relation<LedgerEntryEntity>;

  /** Unique: an item belongs to exactly one entry. */
  @Column({ type: 'int', name: 'report_id', unique: true })
  reportId!: number;

  @ManyToOne(() => ReportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: Relation<ReportEntity>;

  @Column({ type: 'varchar', length: 16 })
  link!: LedgerLink;

  /** Similarity to the entry when the link was made by text (repeat), else null. */
  @Column({ type: 'double', nullable: true })
  score!: number | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'int', name: 'created_by' })
  createdBy!: number;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;
}

/** The office judged two entries to be different works: they are no longer suggested as duplicates. */
@Entity('ledger_distinct')
export class LedgerDistinctEntity {
  @PrimaryColumn({ type: 'int', name: 'entry_a' })
  entryA!: number;

  @PrimaryColumn({ type: 'int', name: 'entry_b' })
  entryB!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'int', name: 'created_by' })
  createdBy!: number;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;
}

/** The on-site verification (现场检查、现场验证) of an entry: one verdict per entry. */
@Entity('inspections')
export class InspectionEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'entry_id', unique: true })
  entryId!: number;

  @Column({ type: 'int', name: 'inspector_id' })
  inspectorId!: number;

  @Column({ ...timestampColumn, name: 'visited_at' })
  visitedAt!: Date;

  @Column({ type: 'double', nullable: true })
  latitude!: number | null;

  @Column({ type: 'double', nullable: true })
  longitude!: number | null;

  @Column({ type: 'text' })
  findings!: string;

  @Column({ type: 'varchar', length: 8 })
  verdict!: 'pass' | 'reject';

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;
}
