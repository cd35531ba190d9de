/**
 * Subscribe-message reminders (platform-notes.md, "Subscribe messages"): before the monthly cut-off
 * (3 days and 1 day ahead) to the reporters of units that have not reported this month, and result
 * notices to the units a round selected. One-time subscriptions: a user's accept in the
 * mini-program is one credit, one message.
 *
 * Once only: the reminder_log row (unique per user × kind × period × ref) is written, and the credit
 * taken, in one transaction before the message goes out; a second pass — in this process or
 * another — finds the row and sends nothing. 43101 (the user refused, or the subscription is gone)
 * is recorded as refused with the credit used, and never retried; a transport failure removes the
 * row and gives the credit back, so the next pass tries again.
 */
import { submissionMonth, type ReminderRunResult, type SubscriptionKind, type SubscriptionRequest, type Subscriptions, SUBSCRIPTION_KINDS } from '@liangdian/shared';
import { In, MoreThanOrEqual } from 'typeorm';
import { LedgerEntryEntity, ReminderLogEntity, ReportEntity, RoleGrantEntity, RoundEntity, RoundEntryEntity, SubscriptionEntity, UserEntity } from '../../db/entities';
import type { AuthUser } from '../../http/context';
import type { AppServices } from '../../services';
import { WechatError } from '../../wechat/wechat-client';
import { appendAudit } from '../audit/audit.service';
import { isUniqueViolation } from '../identity/identity.service';
import { periodLabelOf } from './bulletin-model';

/** Credits kept at most: WeChat keeps one-time subscriptions for a while, not forever. */
const MAX_CREDITS = 20;
const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3600_000;
/** Reports that have left the unit: a unit with one of these has reported this month. */
const REPORTED = ['submitted', 'signedOff', 'received'] as const;
const PAGES: Record<SubscriptionKind, string> = { deadline: 'packages/report/pages/edit/index', result: 'packages/office/pages/highlights/index' };

type Item = ReminderRunResult['items'][number];

const shanghaiDay = (t: number) => {
  const d = new Date(t + SHANGHAI_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
};
const shanghaiMinute = (d: Date) => new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 16).replace('T', ' ');

export class RemindersService {
  constructor(private readonly s: AppServices) {}

  private template(kind: SubscriptionKind): string | null {
    return kind === 'deadline' ? this.s.config.reminders.deadlineTemplateId : this.s.config.reminders.resultTemplateId;
  }

  async subscriptions(u: AuthUser): Promise<Subscriptions> {
    const rows = await this.s.db.manager.getRepository(SubscriptionEntity).findBy({ userId: u.id });
    return {
      items: SUBSCRIPTION_KINDS.map((kind) => {
        const r = rows.find((x) => x.kind === kind);
        return { kind, templateId: this.template(kind), credits: r?.credits ?? 0, refused: Boolean(r?.refused) };
      }),
    };
  }

  /** Records what wx.requestSubscribeMessage answered: an accept adds a credit, a refusal is remembered. */
  async subscribe(u: AuthUser, req: SubscriptionRequest): Promise<Subscriptions> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.s.db.transaction(async (m) => {
          const row = await m.getRepository(SubscriptionEntity).findOneBy({ userId: u.id, kind: req.kind });
          const templateId = req.templateId ?? row?.templateId ?? this.template(req.kind);
          const credits = Math.min(MAX_CREDITS, (row?.credits ?? 0) + (req.accepted ? 1 : 0));
          if (row) await m.update(SubscriptionEntity, { id: row.id }, { credits, refused: !req.accepted, templateId });
          else await m.insert(SubscriptionEntity, { userId: u.id, kind: req.kind, credits, refused: !req.accepted, templateId });
          await appendAudit(m, { actorId: u.id, action: 'subscription.answer', entityType: 'user', entityId: u.id, data: { kind: req.kind, accepted: req.accepted } });
        });
        break;
      } catch (e) {
        // Two answers of one user at once: the second insert meets the unique (user, kind); go again as an update.
        if (!isUniqueViolation(e) || attempt >= 3) throw e;
      }
    }
    return this.subscriptions(u);
  }

  /** One pass at the server clock: the deadline reminders due today and the result notices of rounds closed lately. */
  async run(actor: AuthUser | null): Promise<ReminderRunResult> {
    const now = this.s.clock();
    const items: Item[] = [];
    await this.deadlineReminders(now, items);
    await this.resultNotices(now, items);
    const count = (o: Item['outcome']) => items.filter((i) => i.outcome === o).length;
    const result: ReminderRunResult = { at: now.toISOString(), sent: count('sent'), refused: count('refused'), skipped: count('skipped'), failed: count('failed'), items };
    // A pass that only skipped (no subscription) changes nothing worth a chain link, every hour.
    if (actor || result.sent + result.refused + result.failed > 0) {
      await this.s.db.transaction((m) =>
        appendAudit(m, { actorId: actor?.id ?? null, action: 'reminders.run', entityType: 'system', data: { at: result.at, sent: result.sent, refused: result.refused, skipped: result.skipped, failed: result.failed } }),
      );
    }
    return result;
  }

  private async deadlineReminders(now: Date, items: Item[]): Promise<void> {
    const cutoffDay = this.s.config.monthlyCutoffDay;
    const month = submissionMonth(now, { cutoffDay });
    const [y, mo] = month.split('-').map(Number);
    const daysLeft = Math.round((Date.UTC(y!, mo! - 1, cutoffDay) - shanghaiDay(now.getTime())) / DAY_MS);
    // 3 days ahead, then 1: a pass that missed the exact day still sends the one due (the log keeps each once).
    const offset = daysLeft <= 1 ? 1 : daysLeft <= 3 ? 3 : null;
    if (offset === null) return;
    const m = this.s.db.manager;
    const reported = new Set(
      (await m.getRepository(ReportEntity).find({ select: { unitId: true }, where: { kind: 'report', month, status: In([...REPORTED]) } })).map((r) => r.unitId),
    );
    const grants = await m.getRepository(RoleGrantEntity).find({ where: { role: 'reporter' }, relations: { user: true }, order: { userId: 'ASC' } });
    const due = `${month}-${String(cutoffDay).padStart(2, '0')} 23:59`;
    const data = {
      thing1: `${periodLabelOf(month)}亮点工作申报`,
      time2: due,
      thing3: daysLeft === 0 ? '今天截止，本单位尚未申报' : `${daysLeft}天后截止，本单位尚未申报`,
    };
    for (const g of grants) {
      const u = g.user!;
      if (u.unitId === null || reported.has(u.unitId)) continue;
      const item = await this.deliver(u, 'deadline', month, offset, data);
      if (item) items.push(item);
    }
  }

  private async resultNotices(now: Date, items: Item[]): Promise<void> {
    const m = this.s.db.manager;
    const since = new Date(now.getTime() - this.s.config.reminders.resultNoticeDays * DAY_MS);
    const rounds = await m.getRepository(RoundEntity).find({ where: { status: 'closed', closedAt: MoreThanOrEqual(since) }, order: { id: 'ASC' } });
    for (const r of rounds) {
      if (r.closedAt && r.closedAt > now) continue;
      const selected = await m.getRepository(RoundEntryEntity).findBy({ roundId: r.id, selected: true });
      if (!selected.length) continue;
      const entries = await m.getRepository(LedgerEntryEntity).findBy({ id: In(selected.map((x) => x.entryId)) });
      const perUnit = new Map<number, number>();
      for (const e of entries) if (e.unitId !== null) perUnit.set(e.unitId, (perUnit.get(e.unitId) ?? 0) + 1);
      if (!perUnit.size) continue;
      const people = await m.getRepository(RoleGrantEntity).find({ where: { role: In(['reporter', 'unitHead']) }, relations: { user: true }, order: { userId: 'ASC' } });
      const seen = new Set<number>();
      for (const g of people) {
        const u = g.user!;
        if (seen.has(u.id) || u.unitId === null || !perUnit.has(u.unitId)) continue;
        seen.add(u.id);
        const data = { thing1: r.title, thing2: `本单位${perUnit.get(u.unitId)}项入选`, time3: shanghaiMinute(r.closedAt ?? now) };
        const item = await this.deliver(u, 'result', r.period, r.id, data);
        if (item) items.push(item);
      }
    }
  }

  /** Sends one reminder at most once; null when it was already handled by an earlier pass. */
  private async deliver(u: UserEntity, kind: SubscriptionKind, period: string, ref: number, data: Record<string, string>): Promise<Item | null> {
    const item = (outcome: Item['outcome'], reason: string | null = null): Item => ({ userId: u.id, kind, period, ref, outcome, reason });
    const key = { userId: u.id, kind, period, ref };
    const m0 = this.s.db.manager;
    if (await m0.getRepository(ReminderLogEntity).existsBy(key)) return null;
    const templateId = this.template(kind);
    if (!this.s.wechat || !templateId) return item('skipped', '服务器未配置订阅消息');
    if (!u.openid) return item('skipped', '用户尚未用微信登录');
    let claimed: { logId: number; subId: number } | 'noCredit' | null;
    try {
      claimed = await this.s.db.transaction(async (m) => {
        const sub = await m.getRepository(SubscriptionEntity).findOneBy({ userId: u.id, kind });
        if (!sub || sub.credits <= 0) return 'noCredit' as const;
        const taken = await m.update(SubscriptionEntity, { id: sub.id, credits: sub.credits }, { credits: sub.credits - 1 });
        if (!taken.affected) return null;
        const { identifiers } = await m.insert(ReminderLogEntity, { ...key, outcome: 'sending', reason: null });
        return { logId: identifiers[0].id as number, subId: sub.id };
      });
    } catch (e) {
      if (isUniqueViolation(e)) return null;
      throw e;
    }
    if (claimed === 'noCredit') return item('skipped', '用户没有可用的订阅');
    if (!claimed) return null;
    const { logId, subId } = claimed;
    try {
      await this.s.wechat.sendSubscribeMessage({ touser: u.openid, templateId, page: PAGES[kind], data });
      await this.s.db.transaction((m) => m.update(ReminderLogEntity, { id: logId }, { outcome: 'sent' }));
      return item('sent');
    } catch (e) {
      if (e instanceof WechatError && e.errcode === 43101) {
        // The user refused or has no subscription left: recorded, the credit spent, never retried.
        await this.s.db.transaction(async (m) => {
          await m.update(ReminderLogEntity, { id: logId }, { outcome: 'refused', reason: 'WeChat 43101' });
          await m.update(SubscriptionEntity, { id: subId }, { credits: 0, refused: true });
        });
        return item('refused', '用户拒收（43101）');
      }
      const reason = e instanceof Error ? e.message.slice(0, 190) : String(e);
      await this.s.db.transaction(async (m) => {
        // Nothing was delivered: the credit goes back. A refusal WeChat would repeat (a bad template)
        // keeps its log row, so it is not sent every pass; a transport failure is tried again.
        const repeatable = e instanceof WechatError && !e.retryable;
        if (repeatable) await m.update(ReminderLogEntity, { id: logId }, { outcome: 'failed', reason });
        else await m.delete(ReminderLogEntity, { id: logId });
        const sub = await m.getRepository(SubscriptionEntity).findOneByOrFail({ id: subId });
        await m.update(SubscriptionEntity, { id: subId }, { credits: Math.min(MAX_CREDITS, sub.credits + 1) });
      });
      return item('failed', reason);
    }
  }
}
