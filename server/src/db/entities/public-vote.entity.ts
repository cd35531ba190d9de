import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../columns';

/** A public online vote (the 40% of the annual selection, or any vote the office opens). */
@Entity('public_votes')
export class PublicVoteEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  /** The annual round this vote feeds (its public counts), if any. */
  @Column({ type: 'int', name: 'round_id', nullable: true, unique: true })
  roundId!: number | null;

  @Column({ ...timestampColumn, name: 'opens_at' })
  opensAt!: Date;

  @Column({ ...timestampColumn, name: 'closes_at' })
  closesAt!: Date;

  @Column({ type: 'int', name: 'daily_limit' })
  dailyLimit!: number;

  @Column({ type: 'boolean', name: 'hide_counts', default: false })
  hideCounts!: boolean;

  @Column({ type: 'int', name: 'created_by' })
  createdBy!: number;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;
}

/** A candidate, copied from its ledger entry when the vote opens (what the public saw stays fixed). */
@Entity('public_vote_candidates')
@Index('uq_pvc_vote_entry', ['voteId', 'entryId'], { unique: true })
export class PublicCandidateEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'vote_id' })
  voteId!: number;

  @Column({ type: 'int', name: 'entry_id' })
  entryId!: number;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'varchar', length: 100, name: 'unit_name' })
  unitName!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'int', name: 'photo_evidence_id', nullable: true })
  photoEvidenceId!: number | null;

  @Column({ type: 'int' })
  position!: number;
}

/** A share of a candidate's count of valid ballots; the total is the sum over shards (one per writer lane). */
@Entity('public_vote_counters')
export class PublicCounterEntity {
  @PrimaryColumn({ type: 'int', name: 'candidate_id' })
  candidateId!: number;

  @PrimaryColumn({ type: 'int' })
  shard!: number;

  @Column({ type: 'int', default: 0 })
  votes!: number;
}

/** One counted choice: a voter's vote for one candidate on one day (unique), in one of the day's slots (unique). */
@Entity('public_ballots')
@Index('uq_pb_candidate', ['voteId', 'voterId', 'day', 'candidateId'], { unique: true })
@Index('uq_pb_slot', ['voteId', 'voterId', 'day', 'slot'], { unique: true })
@Index('ix_pb_flagged', ['voteId', 'flagged'])
export class PublicBallotEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'int', name: 'vote_id' })
  voteId!: number;

  @Column({ type: 'int', name: 'voter_id' })
  voterId!: number;

  @Column({ type: 'varchar', length: 10 })
  day!: string;

  @Column({ type: 'int', name: 'candidate_id' })
  candidateId!: number;

  @Column({ type: 'smallint' })
  slot!: number;

  @Column({ ...timestampColumn, name: 'cast_at' })
  castAt!: Date;

  @Column({ type: 'varchar', length: 45 })
  ip!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  device!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  signals!: string | null;

  @Column({ type: 'boolean', default: false })
  flagged!: boolean;

  @Column({ type: 'boolean', default: false })
  excluded!: boolean;

  @Column({ type: 'varchar', length: 200, name: 'decision_note', nullable: true })
  decisionNote!: string | null;

  @Column({ type: 'varchar', length: 16 })
  batch!: string;
}
