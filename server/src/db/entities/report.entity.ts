import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { timestampColumn } from '../columns';
import { UnitEntity } from './unit.entity';

/** A unit's highlight report (申报). The lifecycle and evidence come with the reporting feature. */
@Entity('reports')
@Index('ix_reports_unit_month', ['unitId', 'month'])
export class ReportEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'unit_id' })
  unitId!: number;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  @Column({ type: 'int', name: 'reporter_id', nullable: true })
  reporterId!: number | null;

  /** The submission month `YYYY-MM` (monthly window rule). */
  @Column({ type: 'varchar', length: 7 })
  month!: string;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: string;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' })
  updatedAt!: Date;
}
