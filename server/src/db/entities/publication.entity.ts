import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { BulletinLevelName, BulletinStatus, ChannelKind, DeliveryStatus, ReminderOutcome, SubscriptionKind } from '@liangdian/shared';
import { timestampColumn } from '../columns';

/** Epoch milliseconds as a number: MySQL's BIGINT comes back as a string. */
const epochMs = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? null : Number(v)),
};

/** Where the office pushes bulletins: an official account (its own appid) or a signed webhook. */
@Entity('publication_channels')
export class ChannelEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ChannelKind;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** Unique: two channels of one account would publish a bulletin there twice. */
  @Column({ type: 'varchar', length: 64, name: 'app_id', nullable: true, unique: true })
  appId!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  author!: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  url!: string | null;

  /** The AppSecret or the HMAC key: written by the office, read only by the outbox, never answered. */
  @Column({ type: 'varchar', length: 256 })
  secret!: string;

  @Column({ type: 'int', name: 'created_by' })
  createdBy!: number;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' })
  updatedAt!: Date;
}

/** One item of a bulletin as it was when the bulletin was drawn up (the round's result, frozen). */
export interface BulletinItemSnapshot {
  rank: number;
  entryId: number;
  title: string;
  unitName: string;
  summary: string;
  figures: string | null;
  /** Evidence photos (ids) shown with the item. */
  photoIds: number[];
}

/** The 《督查通报》 of a closed round: one per round (unique), edited while a draft. */
@Entity('bulletins')
export class BulletinEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'round_id', unique: true })
  roundId!: number;

  @Column({ type: 'varchar', length: 10 })
  level!: BulletinLevelName;

  @Column({ type: 'varchar', length: 10 })
  period!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: BulletinStatus;

  @Column({ type: 'varchar', length: 32 })
  number!: string;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'varchar', length: 64 })
  issuer!: string;

  @Column({ type: 'text' })
  lead!: string;

  @Column({ type: 'text' })
  closing!: string;

  /** JSON array of BulletinItemSnapshot. */
  @Column({ type: 'text' })
  items!: string;

  @Column({ ...timestampColumn, name: 'issued_at' })
  issuedAt!: Date;

  @Column({ ...timestampColumn, name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'int', name: 'created_by' })
  createdBy!: number;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' })
  updatedAt!: Date;
}

/** Where an official-account push stands; each step's result is saved before the next step runs. */
export interface OfficialAccountState {
  /** `${item}/${photo}` → the uploadimg URL. */
  images?: Record<string, string>;
  thumbMediaId?: string;
  draftMediaId?: string;
  /** Set (and saved) just before freepublish/submit is sent, cleared when its answer is saved. */
  submitting?: boolean;
  publishId?: string;
  polls?: number;
  /** WeChat answered that the publish failed (publish_status 2–6): nothing is out. */
  publishFailed?: boolean;
}

/**
 * The durable outbox: one row per bulletin × channel (unique). A process works a row only while it
 * holds the lease (`lock_owner`, `locked_until`); times the outbox compares are epoch milliseconds,
 * so the claim is one portable conditional UPDATE on both databases.
 */
@Entity('publication_deliveries')
@Index('uq_deliveries_bulletin_channel', ['bulletinId', 'channelId'], { unique: true })
@Index('ix_deliveries_due', ['status', 'nextAttemptAt'])
export class DeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'bulletin_id' })
  bulletinId!: number;

  @Column({ type: 'int', name: 'channel_id' })
  channelId!: number;

  @Column({ type: 'varchar', length: 12 })
  status!: DeliveryStatus;

  /** Times a push was started (polls of a submitted article do not count). */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** `attempts` when the office last retried: automatic retries count from here. */
  @Column({ type: 'int', name: 'budget_start', default: 0 })
  budgetStart!: number;

  @Column({ type: 'bigint', name: 'next_attempt_at', nullable: true, transformer: epochMs })
  nextAttemptAt!: number | null;

  @Column({ type: 'bigint', name: 'locked_until', nullable: true, transformer: epochMs })
  lockedUntil!: number | null;

  @Column({ type: 'varchar', length: 80, name: 'lock_owner', nullable: true })
  lockOwner!: string | null;

  /** officialAccount: JSON OfficialAccountState. */
  @Column({ type: 'text', nullable: true })
  state!: string | null;

  @Column({ type: 'varchar', length: 64, name: 'publish_id', nullable: true })
  publishId!: string | null;

  @Column({ type: 'varchar', length: 512, name: 'article_url', nullable: true })
  articleUrl!: string | null;

  @Column({ type: 'varchar', length: 500, name: 'last_error', nullable: true })
  lastError!: string | null;

  /** A failed delivery the office may send again (its cause can be fixed, and nothing went out). */
  @Column({ type: 'boolean', name: 'office_retryable', default: false })
  officeRetryable!: boolean;

  @Column({ type: 'int', name: 'created_by' })
  createdBy!: number;

  @Column({ ...timestampColumn, name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' })
  updatedAt!: Date;
}

/** A selected work in a cadre's file (干部干事档案): one per cadre × entry × level. */
@Entity('cadre_records')
@Index('uq_cadre_records', ['userId', 'entryId', 'level'], { unique: true })
export class CadreRecordEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'user_id' })
  userId!: number;

  @Column({ type: 'int', name: 'entry_id' })
  entryId!: number;

  @Column({ type: 'int', name: 'round_id' })
  roundId!: number;

  @Column({ type: 'varchar', length: 10 })
  level!: BulletinLevelName;

  @Column({ type: 'varchar', length: 10 })
  period!: string;

  @Column({ type: 'int', nullable: true })
  rank!: number | null;

  /** The day the round closed, `YYYY-MM-DD` in Asia/Shanghai. */
  @Column({ type: 'varchar', length: 10, name: 'recorded_on' })
  recordedOn!: string;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;
}

/** One-time subscribe-message credits of a user for one kind of notice (unique per user × kind). */
@Entity('subscriptions')
@Index('uq_subscriptions_user_kind', ['userId', 'kind'], { unique: true })
export class SubscriptionEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'user_id' })
  userId!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: SubscriptionKind;

  @Column({ type: 'varchar', length: 128, name: 'template_id', nullable: true })
  templateId!: string | null;

  @Column({ type: 'int', default: 0 })
  credits!: number;

  @Column({ type: 'boolean', default: false })
  refused!: boolean;

  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' })
  updatedAt!: Date;
}

/**
 * A reminder sent (or refused) once: unique per user × kind × period × ref (the days before the
 * cut-off for deadline reminders, the round id for result notices). The row is the claim: it is
 * written before the message goes out, so two passes never send the same reminder.
 */
@Entity('reminder_log')
@Index('uq_reminder_log', ['userId', 'kind', 'period', 'ref'], { unique: true })
export class ReminderLogEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'user_id' })
  userId!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: SubscriptionKind;

  @Column({ type: 'varchar', length: 10 })
  period!: string;

  @Column({ type: 'int' })
  ref!: number;

  /** 'sending' while the message is on its way. */
  @Column({ type: 'varchar', length: 12 })
  outcome!: ReminderOutcome | 'sending';

  @Column({ type: 'varchar', length: 200, nullable: true })
  reason!: string | null;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' })
  updatedAt!: Date;
}
