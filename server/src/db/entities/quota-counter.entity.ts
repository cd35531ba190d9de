import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many quota places a unit (`unit:<id>`) or a group leader (`leader:<userId>`) holds in a month.
 * Submissions lock this row (FOR UPDATE on MySQL), so parallel submissions count one at a time and
 * never pass the limit.
 */
@Entity('quota_counters')
export class QuotaCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  scope!: string;

  @PrimaryColumn({ type: 'varchar', length: 7 })
  month!: string;

  @Column({ type: 'int' })
  used!: number;
}
