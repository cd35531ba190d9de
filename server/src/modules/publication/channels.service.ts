import type { Channel, ChannelCreateRequest, ChannelList, ChannelUpdateRequest } from '@liangdian/shared';
import { ChannelEntity } from '../../db/entities';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { AppServices } from '../../services';
import { appendAudit } from '../audit/audit.service';
import { isUniqueViolation } from '../identity/identity.service';

/** A channel as the office sees it: the secret never leaves the server, only whether one is set. */
export function toChannelView(c: ChannelEntity): Channel {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    enabled: Boolean(c.enabled),
    appId: c.appId,
    author: c.author,
    url: c.url,
    hasSecret: Boolean(c.secret),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

const OA_ONLY = ['appId', 'author'] as const;
const WEBHOOK_ONLY = ['url'] as const;

/** Push channels configured by the office (the county's official account, the TV station's webhook…). */
export class ChannelsService {
  constructor(private readonly s: AppServices) {}

  async list(): Promise<ChannelList> {
    return { items: (await this.s.db.manager.getRepository(ChannelEntity).find({ order: { id: 'ASC' } })).map(toChannelView) };
  }

  async create(u: AuthUser, req: ChannelCreateRequest): Promise<Channel> {
    try {
      const id = await this.s.db.transaction(async (m) => {
        const row =
          req.kind === 'officialAccount'
            ? { kind: req.kind, name: req.name, enabled: req.enabled, appId: req.appId, author: req.author ?? null, url: null, secret: req.secret }
            : { kind: req.kind, name: req.name, enabled: req.enabled, appId: null, author: null, url: req.url, secret: req.secret };
        const { identifiers } = await m.insert(ChannelEntity, { ...row, createdBy: u.id });
        const channelId = identifiers[0].id as number;
        // The secret is never written to the audit log: only that one was set.
        await appendAudit(m, { actorId: u.id, action: 'channel.create', entityType: 'channel', entityId: channelId, data: { kind: row.kind, name: row.name, appId: row.appId, url: row.url, enabled: row.enabled } });
        return channelId;
      });
      return toChannelView(await this.s.db.manager.getRepository(ChannelEntity).findOneByOrFail({ id }));
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', '该公众号已配置为发布渠道');
      throw e;
    }
  }

  async update(u: AuthUser, id: number, req: ChannelUpdateRequest): Promise<Channel> {
    try {
      await this.s.db.transaction(async (m) => {
        const c = await m.getRepository(ChannelEntity).findOneBy({ id });
        if (!c) throw new AppError('NOT_FOUND', '发布渠道不存在');
        const foreign = (c.kind === 'officialAccount' ? WEBHOOK_ONLY : OA_ONLY).filter((f) => f in req);
        if (foreign.length) throw new AppError('VALIDATION_FAILED', '该类渠道没有这些设置', { fields: foreign });
        await m.update(ChannelEntity, { id }, req);
        const { secret, ...shown } = req;
        await appendAudit(m, { actorId: u.id, action: 'channel.update', entityType: 'channel', entityId: id, data: { ...shown, secretChanged: secret !== undefined } });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', '该公众号已配置为发布渠道');
      throw e;
    }
    return toChannelView(await this.s.db.manager.getRepository(ChannelEntity).findOneByOrFail({ id }));
  }
}
