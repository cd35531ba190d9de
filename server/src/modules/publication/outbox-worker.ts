/**
 * The durable outbox's worker: one per server process, all of them over the same table.
 *
 * Claiming: a delivery is due when it is pending or working, its next_attempt_at has come and no
 * live lease is on it. A process takes it with one conditional UPDATE (set lock_owner and
 * locked_until WHERE still due and unleased): the database lets exactly one UPDATE match, on SQLite
 * and on MySQL alike, so two processes never work the same delivery. Every later write of the
 * worker is fenced on lock_owner (and extends the lease): if the lease was lost, the write matches
 * nothing and the worker stops before sending anything else.
 *
 * Durability: every step's result is in the row before the next step (push-official-account.ts), so
 * a stopped or crashed process leaves a row another process resumes: at once after a clean stop
 * (the lease is released), after locked_until after a crash.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { BulletinEntity, ChannelEntity, DeliveryEntity } from '../../db/entities';
import type { AppServices } from '../../services';
import { appendAudit } from '../audit/audit.service';
import type { BulletinsService } from './bulletins.service';
import { LeaseLost, type PushContext, type PushOutcome } from './push-context';
import { describeFailure, PushError } from './push-errors';
import { pushOfficialAccount } from './push-official-account';
import { pushWebhook } from './push-webhook';

const ACTIVE = ['pending', 'working'] as const;
/** Deliveries looked at per round of claiming. */
const BATCH = 10;

export class OutboxWorker {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private running = false;
  private loop: Promise<void> | null = null;
  private stopRequested = false;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private readonly log: Logger;

  constructor(
    private readonly s: AppServices,
    private readonly bulletins: BulletinsService,
  ) {
    this.log = s.logger.child({ module: 'outbox' });
  }

  private get p() {
    return this.s.config.publication;
  }

  private now(): number {
    return this.s.clock().getTime();
  }

  /** Starts the loop (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopRequested = false;
    this.loop = this.run();
  }

  /** Finishes the step in hand, releases its lease and ends the loop. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopRequested = true;
    this.running = false;
    this.wake();
    await this.loop;
    this.loop = null;
  }

  /** Looks for due work now instead of at the next tick (after a publish or a retry). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.runOnce();
      } catch (err) {
        this.log.error({ err }, 'outbox pass failed');
      }
      if (!this.running) break;
      if (this.woken) {
        this.woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.p.pollMs);
        timer.unref();
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
      this.woken = false;
    }
  }

  /** Works every delivery due now; returns how many it claimed. Tests call it directly. */
  async runOnce(): Promise<number> {
    let claimed = 0;
    for (let round = 0; round < 50 && !this.stopRequested; round++) {
      const due = await this.dueIds();
      let progressed = false;
      for (const id of due) {
        if (this.stopRequested) break;
        if (!(await this.claim(id))) continue;
        claimed++;
        progressed = true;
        await this.work(id);
      }
      if (!progressed) break;
    }
    return claimed;
  }

  private async dueIds(): Promise<number[]> {
    const now = this.now();
    const rows = await this.s.db.manager
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .select(['d.id'])
      .where('d.status IN (:...active)', { active: ACTIVE })
      .andWhere('d.next_attempt_at <= :now', { now })
      .andWhere('(d.locked_until IS NULL OR d.locked_until <= :now)', { now })
      .orderBy('d.next_attempt_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(BATCH)
      .getMany();
    return rows.map((r) => r.id);
  }

  /** Takes the delivery's lease if it is still due and unleased: true for exactly one taker. */
  async claim(id: number): Promise<boolean> {
    const now = this.now();
    const res = await this.s.db.transaction((m) =>
      m
        .createQueryBuilder()
        .update(DeliveryEntity)
        .set({ lockOwner: this.owner, lockedUntil: now + this.p.leaseMs })
        .where('id = :id', { id })
        .andWhere('status IN (:...active)', { active: ACTIVE })
        .andWhere('next_attempt_at <= :now', { now })
        .andWhere('(locked_until IS NULL OR locked_until <= :now)', { now })
        .execute(),
    );
    return res.affected === 1;
  }

  /**
   * A write fenced on this worker's lease. Always in its own transaction: on SQLite a write outside
   * one would run inside whatever transaction a request has open on the single connection, and
   * vanish if that one rolls back.
   */
  private async fenced(id: number, patch: Partial<DeliveryEntity>): Promise<void> {
    await this.s.db.transaction(async (m) => {
      const { affected } = await m.update(DeliveryEntity, { id, lockOwner: this.owner }, patch);
      if (!affected) throw new LeaseLost(id);
    });
  }

  /** Saves progress and extends the lease. */
  private save(id: number, patch: Partial<DeliveryEntity>): Promise<void> {
    return this.fenced(id, { ...patch, lockedUntil: this.now() + this.p.leaseMs });
  }

  private release(id: number, patch: Partial<DeliveryEntity>): Promise<void> {
    return this.fenced(id, { ...patch, lockedUntil: null, lockOwner: null });
  }

  /** Ends the delivery (published or failed) with its audit row, in one transaction, if the lease still holds. */
  private async finish(d: DeliveryEntity, patch: Partial<DeliveryEntity>, audit: { action: string; data: object }): Promise<void> {
    await this.s.db.transaction(async (m) => {
      const { affected } = await m.update(DeliveryEntity, { id: d.id, lockOwner: this.owner }, { ...patch, nextAttemptAt: null, lockedUntil: null, lockOwner: null });
      if (!affected) throw new LeaseLost(d.id);
      await appendAudit(m, { actorId: null, action: audit.action, entityType: 'delivery', entityId: d.id, data: { bulletinId: d.bulletinId, channelId: d.channelId, ...audit.data } });
    });
  }

  private backoff(n: number): number {
    return Math.min(this.p.backoffCapMs, this.p.backoffBaseMs * 2 ** Math.max(0, Math.min(n - 1, 30)));
  }

  private async work(id: number): Promise<void> {
    const m = this.s.db.manager;
    const d = await m.getRepository(DeliveryEntity).findOneByOrFail({ id });
    try {
      const channel = await m.getRepository(ChannelEntity).findOneByOrFail({ id: d.channelId });
      const bulletin = await m.getRepository(BulletinEntity).findOneByOrFail({ id: d.bulletinId });
      // Polling a submitted article is not a new attempt; starting or resuming the push is.
      if (!d.publishId) {
        d.attempts += 1;
        await this.save(id, { attempts: d.attempts, status: 'working' });
      }
      if (!channel.enabled) throw new PushError('发布渠道已停用，启用后可重试', false, true);
      const ctx: PushContext = { s: this.s, delivery: d, channel, bulletin, bulletins: this.bulletins, save: (patch) => this.save(id, patch), stopping: () => this.stopRequested };
      const outcome: PushOutcome = channel.kind === 'officialAccount' ? await pushOfficialAccount(ctx) : await pushWebhook(ctx);
      if (outcome.kind === 'published') {
        await this.finish(d, { status: 'published', articleUrl: outcome.articleUrl, lastError: null, officeRetryable: false, publishedAt: this.s.clock() }, { action: 'delivery.published', data: { articleUrl: outcome.articleUrl, attempts: d.attempts } });
        this.log.info({ deliveryId: id, articleUrl: outcome.articleUrl }, 'bulletin published');
      } else if (outcome.kind === 'wait') {
        await this.release(id, { status: 'working', nextAttemptAt: this.now() + outcome.afterMs });
      } else {
        await this.release(id, { nextAttemptAt: this.now() });
      }
    } catch (err) {
      if (err instanceof LeaseLost) {
        this.log.warn({ deliveryId: id }, err.message);
        return;
      }
      const f = describeFailure(err);
      const used = d.attempts - d.budgetStart;
      try {
        if (f.transient && used < this.p.maxAttempts) {
          await this.release(id, { status: 'working', lastError: f.reason, nextAttemptAt: this.now() + this.backoff(used) });
          this.log.warn({ deliveryId: id, attempts: d.attempts, reason: f.reason }, 'push failed, will retry');
        } else {
          const reason = f.transient ? `已尝试${used}次仍失败：${f.reason}`.slice(0, 480) : f.reason;
          await this.finish(d, { status: 'failed', lastError: reason, officeRetryable: f.officeRetryable }, { action: 'delivery.failed', data: { reason, attempts: d.attempts, officeRetryable: f.officeRetryable } });
          this.log.warn({ deliveryId: id, attempts: d.attempts, reason }, 'push failed');
        }
      } catch (e) {
        if (!(e instanceof LeaseLost)) throw e;
      }
    }
  }
}
