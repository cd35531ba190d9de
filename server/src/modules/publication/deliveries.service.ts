import type { Delivery, DeliveryList, PublishRequest, PublishResult } from '@liangdian/shared';
import { In, type EntityManager } from 'typeorm';
import { BulletinEntity, ChannelEntity, DeliveryEntity, type OfficialAccountState } from '../../db/entities';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { AppServices } from '../../services';
import { appendAudit } from '../audit/audit.service';
import { isUniqueViolation } from '../identity/identity.service';
import { toBulletinView } from './bulletins.service';

export function toDeliveryView(d: DeliveryEntity, c: ChannelEntity): Delivery {
  const finished = d.status === 'published' || d.status === 'failed';
  return {
    id: d.id,
    bulletinId: d.bulletinId,
    channelId: d.channelId,
    channelName: c.name,
    kind: c.kind,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    articleUrl: d.articleUrl,
    nextAttemptAt: finished || d.nextAttemptAt === null ? null : new Date(d.nextAttemptAt).toISOString(),
    retryable: d.status === 'failed' && Boolean(d.officeRetryable),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/**
 * Publishing a bulletin puts one delivery per channel into the outbox (outbox-worker.ts pushes it).
 * A bulletin reaches a channel once: the unique (bulletin, channel) index refuses a second row, and
 * a repeated request is answered with the delivery that exists (idempotent, never a second push).
 */
export class DeliveriesService {
  constructor(
    private readonly s: AppServices,
    /** Nudges this process's outbox worker to look now. */
    private readonly wake: () => void = () => undefined,
  ) {}

  private async views(m: EntityManager, rows: DeliveryEntity[]): Promise<Delivery[]> {
    const ids = [...new Set(rows.map((d) => d.channelId))];
    const channels = new Map((ids.length ? await m.getRepository(ChannelEntity).findBy({ id: In(ids) }) : []).map((c) => [c.id, c]));
    return rows.map((d) => toDeliveryView(d, channels.get(d.channelId)!));
  }

  async list(bulletinId: number): Promise<DeliveryList> {
    const m = this.s.db.manager;
    if (!(await m.getRepository(BulletinEntity).existsBy({ id: bulletinId }))) throw new AppError('NOT_FOUND', '通报不存在');
    return { items: await this.views(m, await m.getRepository(DeliveryEntity).find({ where: { bulletinId }, order: { id: 'ASC' } })) };
  }

  async publish(u: AuthUser, bulletinId: number, req: PublishRequest): Promise<PublishResult> {
    const channelIds = [...new Set(req.channelIds)];
    const m0 = this.s.db.manager;
    if (!(await m0.getRepository(BulletinEntity).existsBy({ id: bulletinId }))) throw new AppError('NOT_FOUND', '通报不存在');
    const channels = await m0.getRepository(ChannelEntity).findBy({ id: In(channelIds) });
    const missing = channelIds.filter((id) => !channels.some((c) => c.id === id));
    if (missing.length) throw new AppError('VALIDATION_FAILED', '发布渠道不存在', { channelIds: missing });
    const existingBefore = new Set((await m0.getRepository(DeliveryEntity).findBy({ bulletinId, channelId: In(channelIds) })).map((d) => d.channelId));
    const disabled = channels.filter((c) => !c.enabled && !existingBefore.has(c.id));
    if (disabled.length) throw new AppError('INVALID_STATE', `发布渠道已停用：${disabled.map((c) => c.name).join('、')}`, { channelIds: disabled.map((c) => c.id) });

    let created: number[] = [];
    for (let attempt = 1; ; attempt++) {
      try {
        created = await this.s.db.transaction(async (m) => {
          const qb = m.getRepository(BulletinEntity).createQueryBuilder('b').where('b.id = :id', { id: bulletinId });
          if (m.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
          const b = await qb.getOneOrFail();
          const have = new Set((await m.getRepository(DeliveryEntity).findBy({ bulletinId, channelId: In(channelIds) })).map((d) => d.channelId));
          const fresh = channelIds.filter((id) => !have.has(id));
          const now = this.s.clock();
          const ids: number[] = [];
          for (const channelId of fresh) {
            const { identifiers } = await m.insert(DeliveryEntity, {
              bulletinId,
              channelId,
              status: 'pending',
              attempts: 0,
              budgetStart: 0,
              nextAttemptAt: now.getTime(),
              lockedUntil: null,
              lockOwner: null,
              state: null,
              publishId: null,
              articleUrl: null,
              lastError: null,
              officeRetryable: false,
              createdBy: u.id,
              publishedAt: null,
            });
            ids.push(identifiers[0].id as number);
          }
          // The first publish freezes the bulletin: what went out is what the office previewed.
          if (b.status === 'draft') await m.update(BulletinEntity, { id: bulletinId }, { status: 'published', publishedAt: now });
          if (ids.length) await appendAudit(m, { actorId: u.id, action: 'bulletin.publish', entityType: 'bulletin', entityId: bulletinId, data: { channelIds: fresh, deliveryIds: ids } });
          return ids;
        });
        break;
      } catch (e) {
        // A concurrent publish inserted the same (bulletin, channel) first: read again, it is now "existing".
        if (!isUniqueViolation(e) || attempt >= 3) throw e;
      }
    }
    if (created.length) this.wake();
    const m = this.s.db.manager;
    const rows = await m.getRepository(DeliveryEntity).findBy({ bulletinId, channelId: In(channelIds) });
    const ordered = channelIds.map((id) => rows.find((d) => d.channelId === id)!);
    const createdSet = new Set(created);
    return {
      bulletin: toBulletinView(await m.getRepository(BulletinEntity).findOneByOrFail({ id: bulletinId })),
      deliveries: await this.views(m, ordered),
      alreadyPublished: ordered.filter((d) => !createdSet.has(d.id)).map((d) => d.channelId),
    };
  }

  /**
   * Sends a failed delivery again, when its cause may have been fixed (credentials, the receiver) and
   * nothing went out: never after WeChat accepted a submit whose outcome we could not learn, or
   * refused the article itself. After WeChat's "常规失败" (publish_status 3) the same draft is submitted
   * again — the first publish failed, so this is not a second one.
   */
  async retry(u: AuthUser, id: number): Promise<Delivery> {
    await this.s.db.transaction(async (m) => {
      const d = await m.getRepository(DeliveryEntity).findOneBy({ id });
      if (!d) throw new AppError('NOT_FOUND', '发布记录不存在');
      if (d.status !== 'failed') throw new AppError('INVALID_STATE', d.status === 'published' ? '已发布，无需重试' : '正在发送，无需重试');
      if (!d.officeRetryable) throw new AppError('INVALID_STATE', `该发布不能重试：${d.lastError ?? ''}`);
      const channel = await m.getRepository(ChannelEntity).findOneByOrFail({ id: d.channelId });
      if (!channel.enabled) throw new AppError('INVALID_STATE', '发布渠道已停用，请先启用');
      const st: OfficialAccountState = d.state ? JSON.parse(d.state) : {};
      // After WeChat said the publish failed, the draft is submitted again; after any other failure
      // with a publish_id (e.g. the credentials changed while polling) the retry only polls again.
      const resubmit = Boolean(st.publishId && st.publishFailed);
      if (resubmit) {
        delete st.publishId;
        delete st.polls;
        delete st.publishFailed;
      }
      const { affected } = await m.update(
        DeliveryEntity,
        { id, status: 'failed' },
        { status: 'pending', nextAttemptAt: this.s.clock().getTime(), budgetStart: d.attempts, officeRetryable: false, lastError: null, publishId: resubmit ? null : d.publishId, state: d.state === null ? null : JSON.stringify(st), lockedUntil: null, lockOwner: null },
      );
      if (!affected) throw new AppError('INVALID_STATE', '状态已变化，请刷新后重试');
      await appendAudit(m, { actorId: u.id, action: 'delivery.retry', entityType: 'delivery', entityId: id, data: { bulletinId: d.bulletinId, channelId: d.channelId, lastError: d.lastError } });
    });
    this.wake();
    const m = this.s.db.manager;
    return (await this.views(m, [await m.getRepository(DeliveryEntity).findOneByOrFail({ id })]))[0]!;
  }
}
