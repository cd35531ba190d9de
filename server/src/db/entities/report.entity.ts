import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn , type Relation } from 'typeorm';
import type { Category, ContentCheck, ReportKind, ReportStatus } from '@liangdian/shared';
import { timestampColumn } from '../columns';
import { EvidenceEntity } from './evidence.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';

const nullableTime = { ...timestampColumn, nullable: true } as const;

/**
 * A unit's highlight report (申报) or a group leader's recommendation (推荐): one shape, one
 * lifecycle (shared/src/schemas/reports.ts), told apart by `kind`.
 */
@Entity('reports')
@Index('ix_reports_unit_month', ['unitId', 'month'])
@Index('ix_reports_author', ['authorId'])
@Index('ix_reports_status_month', ['status', 'month'])
export class ReportEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 16, default: 'report' })
  kind!: ReportKind;

  /** Reports: the reporter's unit. Recommendations: the unit whose work it is (optional). */
  @Column({ type: 'int', name: 'unit_id', nullable: true })
  unitId!: number | null;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'unit_id' })
  unit?: Relation<UnitEntity> | null;

  @Column({ type: 'int', name: 'author_id', nullable: true })
  authorId!: number | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<UserEntity> | null;

  /** The submission month `YYYY-MM`, fixed when first submitted (monthly window rule). */
  @Column({ type: 'varchar', length: 7, nullable: true })
  month!: string | null;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  category!: Category | null;

  @Column({ type: 'text', name: 'leader_praise', nullable: true })
  leaderPraise!: string | null;

  /** Reports: the reason for a 2nd/3rd item of the month. Recommendations: 推荐理由. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'varchar', length: 20 })
  status!: ReportStatus;

  /** Which of the month's quota places this item holds (1-based); null when it holds none. */
  @Column({ type: 'int', name: 'quota_slot', nullable: true })
  quotaSlot!: number | null;

  @Column({ type: 'text', name: 'return_reason', nullable: true })
  returnReason!: string | null;

  @Column({ type: 'int', name: 'returned_by', nullable: true })
  returnedBy!: number | null;

  @Column({ type: 'varchar', length: 16, name: 'content_check', nullable: true })
  contentCheck!: ContentCheck | null;

  @Column({ ...nullableTime, name: 'submitted_at' })
  submittedAt!: Date | null;

  @Column({ ...nullableTime, name: 'signed_off_at' })
  signedOffAt!: Date | null;

  @Column({ type: 'int', name: 'signed_off_by', nullable: true })
  signedOffBy!: number | null;

  @Column({ ...nullableTime, name: 'received_at' })
  receivedAt!: Date | null;

  @Column({ type: 'int', name: 'received_by', nullable: true })
  receivedBy!: number | null;

  @OneToMany(() => EvidenceEntity, (e) => e.report)
  evidence?: Relation<EvidenceEntity[]>;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' })
  updatedAt!: Date;
}
