import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { RoundStatus } from '@liangdian/shared';
import { timestampColumn } from '../columns';

/**
 * A selection round over a set of ledger entries. The monthly vote is the first kind; quarterly
 * scoring, the annual votes and the annual review will use the same round, entries and ballots.
 */
@Entity('rounds')
@Index('uq_rounds_kind_period', ['kind', 'period'], { unique: true })
export class RoundEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 24 })
  kind!: 'monthlyVote' | 'quarterlyScore' | 'annualVote';

  /** `YYYY-MM` for monthly rounds, `YYYY-Qn` for quarterly ones. One round per kind and period (unique index). */
  @Column({ type: 'varchar', length: 10 })
  period!: string;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'int', name: 'select_count' })
  selectCount!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: RoundStatus;

  @Column({ ...timestampColumn, name: 'ends_at' })
  endsAt!: Date;

  @Column({ ...timestampColumn, name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'text', name: 'decision_reason', nullable: true })
  decisionReason!: string | null;

  @Column({ type: 'int', name: 'created_by' })
  createdBy!: number;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;
}

/** The entries a round is over (the catalog when it opened), and, once closed, each one's result. */
@Entity('round_entries')
export class RoundEntryEntity {
  @PrimaryColumn({ type: 'int', name: 'round_id' })
  roundId!: number;

  @PrimaryColumn({ type: 'int', name: 'entry_id' })
  entryId!: number;

  @Column({ type: 'int', nullable: true })
  votes!: number | null;

  @Column({ type: 'int', nullable: true })
  rank!: number | null;

  @Column({ type: 'boolean', default: false })
  selected!: boolean;

  /** Annual rounds: the candidate's public online vote count (stored until the public vote feeds it). */
  @Column({ type: 'int', name: 'public_votes', nullable: true })
  publicVotes!: number | null;
}

/** One member's ballot in a round (unique per member): the set of entries they approve. */
@Entity('ballots')
@Index('uq_ballots_round_voter', ['roundId', 'voterId'], { unique: true })
export class BallotEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'round_id' })
  roundId!: number;

  @Column({ type: 'int', name: 'voter_id' })
  voterId!: number;

  /** The approved entry ids as a JSON array: a ballot is replaced whole, never edited in parts. */
  @Column({ type: 'text', name: 'entry_ids' })
  entryIds!: string;

  @Column({ ...timestampColumn, name: 'cast_at' })
  castAt!: Date;
}
