import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../columns';

/** Which assessor scores which item of a quarterly round (the office assigns; never own-unit items). */
@Entity('round_assignments')
export class RoundAssignmentEntity {
  @PrimaryColumn({ type: 'int', name: 'round_id' })
  roundId!: number;

  @PrimaryColumn({ type: 'int', name: 'entry_id' })
  entryId!: number;

  @PrimaryColumn({ type: 'int', name: 'assessor_id' })
  assessorId!: number;
}

/**
 * One assessor's rubric scores for one item: one row per (round, item, assessor), replaced if the
 * assessor corrects it before the round closes. `client_id` is unique: a re-sent sheet is a no-op.
 */
@Entity('score_sheets')
@Index('uq_score_sheets_item_assessor', ['roundId', 'entryId', 'assessorId'], { unique: true })
export class ScoreSheetEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'round_id' })
  roundId!: number;

  @Column({ type: 'int', name: 'entry_id' })
  entryId!: number;

  @Column({ type: 'int', name: 'assessor_id' })
  assessorId!: number;

  /** JSON `{ criterionKey: score }`. */
  @Column({ type: 'text' })
  scores!: string;

  @Column({ type: 'varchar', length: 64, name: 'client_id', unique: true })
  clientId!: string;

  @Column({ ...timestampColumn, name: 'submitted_at' })
  submittedAt!: Date;
}
