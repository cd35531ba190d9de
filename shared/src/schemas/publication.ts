import { z } from 'zod';
import { pageQuerySchema, pagedSchema } from './common';
import { roleSchema } from './identity';

/**
 * Publication of results and their use (domain.md steps 8–9).
 *
 * Routes (all under /api, JSON unless said otherwise):
 *
 * Channels (office) — where bulletins are pushed. Secrets are write-only: never returned, only `hasSecret`.
 *   GET  /publication/channels            → ChannelList
 *   POST /publication/channels            ChannelCreateRequest → 201 Channel
 *   PUT  /publication/channels/:id        ChannelUpdateRequest → Channel (a new secret replaces the old one)
 *
 * Bulletins 《督查通报》 (office)
 *   GET  /bulletins                       → BulletinList (newest first, without items)
 *   POST /rounds/:id/bulletin             {} → 201 Bulletin (new draft with default text) or 200 (the round's
 *                                         existing bulletin); 409 INVALID_STATE when the round is not closed
 *   GET  /bulletins/:id                   → Bulletin
 *   PUT  /bulletins/:id                   BulletinEditRequest → Bulletin; 409 INVALID_STATE once published
 *   GET  /bulletins/:id/docx              → the .docx (Content-Disposition: attachment)
 *   GET  /bulletins/:id/article           → the official-account article as text/html (preview: photos
 *                                         through our own signed URLs, relative to the API host:
 *                                         /api/bulletins/:id/photos/:evidenceId?exp=&sig= — no token needed,
 *                                         valid for an hour; a bad or expired signature → 404)
 *   POST /bulletins/:id/publish           PublishRequest → PublishResult. Idempotent: one delivery per
 *                                         bulletin × channel (unique in the database); a channel that already
 *                                         has a delivery is answered with that delivery and listed in
 *                                         `alreadyPublished` — never a second push. A disabled channel → 409.
 *   GET  /bulletins/:id/deliveries        → DeliveryList
 *   POST /deliveries/:id/retry            {} → Delivery; only a 'failed' delivery whose cause may be fixed
 *                                         (credentials, network, a 4xx webhook answer); 409 INVALID_STATE
 *                                         otherwise (e.g. an official-account publish that WeChat itself
 *                                         rejected after submission, or one whose submit answer was lost)
 *
 * Exports (.xlsx)
 *   GET  /exports/ledger.xlsx?month=YYYY-MM      office
 *   GET  /exports/rounds/:id.xlsx                who may see the round's result (office, leadingGroup,
 *                                                committee, groupLeader); 409 INVALID_STATE for an open round
 *   GET  /exports/assessment.xlsx?year=YYYY      who may see /api/assessment (same four roles)
 *
 * Cadre files 干部干事档案
 *   GET  /me/cadre-file                   any signed-in user → CadreFile (own)
 *   GET  /users/:id/cadre-file            office → CadreFile
 *   GET  /cadres?q=&page=&pageSize=       office → CadrePage: users of a unit whose name or unit name
 *                                         contains `q` (literally: % and _ are not wildcards)
 *
 * Subscribe messages and reminders
 *   GET  /me/subscriptions                any signed-in user → Subscriptions (template ids to request + credits)
 *   POST /me/subscriptions                SubscriptionRequest → Subscriptions (an accept adds one credit)
 *   POST /reminders/run                   office, admin; {} → ReminderRunResult (the pass at the server clock)
 */

export const CHANNEL_KINDS = ['officialAccount', 'webhook'] as const;
export const channelKindSchema = z.enum(CHANNEL_KINDS);
export type ChannelKind = z.infer<typeof channelKindSchema>;
export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = { officialAccount: '微信公众号', webhook: '媒体平台（Webhook）' };

const channelName = z.string().trim().min(1).max(64);
const appId = z.string().trim().regex(/^[A-Za-z0-9_-]{4,64}$/, 'AppID 格式不正确');
const secret = z.string().trim().min(8).max(256);
const webhookUrl = z
  .string()
  .trim()
  .max(512)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), '地址须以 http:// 或 https:// 开头');
/** Author line of an official-account article (WeChat: ≤16 characters). */
const author = z.string().trim().max(16);

/** A channel as the office sees it; no secret ever leaves the server. */
export const channelSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: channelKindSchema,
  enabled: z.boolean(),
  /** officialAccount: the account's AppID. */
  appId: z.string().nullable(),
  /** officialAccount: the author line of articles. */
  author: z.string().nullable(),
  /** webhook: where the JSON is POSTed. */
  url: z.string().nullable(),
  hasSecret: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Channel = z.infer<typeof channelSchema>;
export const channelListSchema = z.object({ items: z.array(channelSchema) });
export type ChannelList = z.infer<typeof channelListSchema>;

export const channelCreateRequestSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('officialAccount'), name: channelName, appId, secret, author: author.optional(), enabled: z.boolean().default(true) })
    .strict(),
  z.object({ kind: z.literal('webhook'), name: channelName, url: webhookUrl, secret, enabled: z.boolean().default(true) }).strict(),
]);
export type ChannelCreateRequest = z.infer<typeof channelCreateRequestSchema>;

/** Fields that do not apply to the channel's kind are refused (400). The kind never changes. */
export const channelUpdateRequestSchema = z
  .object({ name: channelName, enabled: z.boolean(), appId, secret, author, url: webhookUrl })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, '没有要修改的内容');
export type ChannelUpdateRequest = z.infer<typeof channelUpdateRequestSchema>;

export const BULLETIN_LEVELS = ['monthly', 'quarterly', 'annual'] as const;
export const bulletinLevelSchema = z.enum(BULLETIN_LEVELS);
export type BulletinLevelName = z.infer<typeof bulletinLevelSchema>;
export const BULLETIN_LEVEL_NAMES: Record<BulletinLevelName, string> = { monthly: '月度', quarterly: '季度', annual: '年度' };

export const BULLETIN_STATUSES = ['draft', 'published'] as const;
export const bulletinStatusSchema = z.enum(BULLETIN_STATUSES);
export type BulletinStatus = z.infer<typeof bulletinStatusSchema>;
export const BULLETIN_STATUS_LABELS: Record<BulletinStatus, string> = { draft: '草稿', published: '已发布' };

export const bulletinItemSchema = z.object({
  rank: z.number().int(),
  entryId: z.number().int(),
  title: z.string(),
  unitName: z.string(),
  summary: z.string(),
  /** The result's figure in words: '得票 7', '平均分 8.65', '综合得分 85.3'. */
  figures: z.string().nullable(),
  /** Evidence photos the article shows for this item. */
  photoCount: z.number().int(),
});
export type BulletinItemView = z.infer<typeof bulletinItemSchema>;

export const bulletinSchema = z.object({
  id: z.number().int(),
  roundId: z.number().int(),
  level: bulletinLevelSchema,
  /** The round's period: `YYYY-MM`, `YYYY-Qn` or `YYYY`. */
  period: z.string(),
  /** e.g. 2026年10月份, 2026年第四季度, 2026年度 */
  periodLabel: z.string(),
  status: bulletinStatusSchema,
  /** e.g. 第3期 */
  number: z.string(),
  title: z.string(),
  issuer: z.string(),
  lead: z.string(),
  closing: z.string(),
  issuedAt: z.string(),
  publishedAt: z.string().nullable(),
  items: z.array(bulletinItemSchema),
  /** Relative API paths for the previews. */
  docxUrl: z.string(),
  articleUrl: z.string(),
});
export type Bulletin = z.infer<typeof bulletinSchema>;
export const bulletinListSchema = z.object({ items: z.array(bulletinSchema.omit({ items: true })) });
export type BulletinList = z.infer<typeof bulletinListSchema>;

/** Only while the bulletin is a draft. */
export const bulletinEditRequestSchema = z
  .object({
    number: z.string().trim().min(1).max(32),
    title: z.string().trim().min(4).max(100),
    issuer: z.string().trim().min(2).max(64),
    lead: z.string().trim().min(10).max(4000),
    closing: z.string().trim().max(4000),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, '没有要修改的内容');
export type BulletinEditRequest = z.infer<typeof bulletinEditRequestSchema>;

export const publishRequestSchema = z.object({ channelIds: z.array(z.number().int().positive()).min(1, '请至少选择一个发布渠道').max(20) }).strict();
export type PublishRequest = z.infer<typeof publishRequestSchema>;

export const DELIVERY_STATUSES = ['pending', 'working', 'published', 'failed'] as const;
export const deliveryStatusSchema = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;
export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = { pending: '等待发送', working: '发送中', published: '已发布', failed: '发送失败' };

/** One push of one bulletin to one channel (a row of the durable outbox). */
export const deliverySchema = z.object({
  id: z.number().int(),
  bulletinId: z.number().int(),
  channelId: z.number().int(),
  channelName: z.string(),
  kind: channelKindSchema,
  status: deliveryStatusSchema,
  attempts: z.number().int(),
  /** Why the last attempt failed (Chinese), or null. */
  lastError: z.string().nullable(),
  /** officialAccount: the published article's URL. */
  articleUrl: z.string().nullable(),
  /** When the outbox tries again ('pending'/'working'); null when finished. */
  nextAttemptAt: z.string().nullable(),
  /** Whether the office may retry it (a failed delivery whose cause may be fixed). */
  retryable: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Delivery = z.infer<typeof deliverySchema>;
export const deliveryListSchema = z.object({ items: z.array(deliverySchema) });
export type DeliveryList = z.infer<typeof deliveryListSchema>;

export const publishResultSchema = z.object({
  bulletin: bulletinSchema,
  /** One per requested channel, in request order (new or existing). */
  deliveries: z.array(deliverySchema),
  /** Requested channels that already had a delivery of this bulletin: nothing was pushed again. */
  alreadyPublished: z.array(z.number().int()),
});
export type PublishResult = z.infer<typeof publishResultSchema>;

export const exportMonthQuerySchema = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 2026-10') }).strict();
export const exportYearQuerySchema = z.object({ year: z.string().regex(/^\d{4}$/, '年份格式应为 2026') }).strict();

/** A selected work in a cadre's file: the cadre wrote one of the work's source reports. */
export const cadreRecordSchema = z.object({
  id: z.number().int(),
  level: bulletinLevelSchema,
  /** `YYYY-MM`, `YYYY-Qn` or `YYYY`. */
  period: z.string(),
  periodLabel: z.string(),
  roundId: z.number().int(),
  entryId: z.number().int(),
  title: z.string(),
  unitName: z.string().nullable(),
  rank: z.number().int().nullable(),
  /** The day the round closed (Asia/Shanghai), `YYYY-MM-DD`. */
  date: z.string(),
});
export type CadreRecord = z.infer<typeof cadreRecordSchema>;
export const cadreFileSchema = z.object({
  user: z.object({ id: z.number().int(), name: z.string(), unitName: z.string().nullable() }),
  counts: z.object({ monthly: z.number().int(), quarterly: z.number().int(), annual: z.number().int() }),
  /** Newest first. */
  records: z.array(cadreRecordSchema),
});
export type CadreFile = z.infer<typeof cadreFileSchema>;

/** The office's search for a cadre whose file to open; no `q` lists every cadre. */
export const cadreSearchQuerySchema = pageQuerySchema.extend({ q: z.string().trim().max(50).optional() }).strict();
export type CadreSearchQuery = z.infer<typeof cadreSearchQuerySchema>;

/** A user who belongs to a unit (imported, or signed in and bound), as the office's search lists them: no phone. */
export const cadreSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  unitName: z.string(),
  roles: z.array(roleSchema),
  /** Records in their cadre file (selected works, every level). */
  selectedWorks: z.number().int(),
});
export type Cadre = z.infer<typeof cadreSchema>;
export const cadrePageSchema = pagedSchema(cadreSchema);
export type CadrePage = z.infer<typeof cadrePageSchema>;

export const SUBSCRIPTION_KINDS = ['deadline', 'result'] as const;
export const subscriptionKindSchema = z.enum(SUBSCRIPTION_KINDS);
export type SubscriptionKind = z.infer<typeof subscriptionKindSchema>;
export const SUBSCRIPTION_KIND_LABELS: Record<SubscriptionKind, string> = { deadline: '申报截止提醒', result: '评选结果通知' };

/**
 * What `wx.requestSubscribeMessage` answered for one template: an accept is one credit (one message,
 * WeChat's one-time subscription); a refusal is recorded and costs nothing.
 */
export const subscriptionRequestSchema = z
  .object({ kind: subscriptionKindSchema, templateId: z.string().trim().min(1).max(128).optional(), accepted: z.boolean() })
  .strict();
export type SubscriptionRequest = z.infer<typeof subscriptionRequestSchema>;

export const subscriptionsSchema = z.object({
  items: z.array(
    z.object({
      kind: subscriptionKindSchema,
      /** The template the mini-program asks for (null: not configured on this server). */
      templateId: z.string().nullable(),
      /** Messages that may still be sent. */
      credits: z.number().int(),
      /** The user's last answer was a refusal (in the mini-program or WeChat's 43101). */
      refused: z.boolean(),
    }),
  ),
});
export type Subscriptions = z.infer<typeof subscriptionsSchema>;

export const REMINDER_OUTCOMES = ['sent', 'refused', 'skipped', 'failed'] as const;
export const reminderOutcomeSchema = z.enum(REMINDER_OUTCOMES);
export type ReminderOutcome = z.infer<typeof reminderOutcomeSchema>;

export const reminderRunResultSchema = z.object({
  /** The server clock of the pass. */
  at: z.string(),
  sent: z.number().int(),
  /** WeChat answered 43101: recorded, the credit used, never retried. */
  refused: z.number().int(),
  /** No subscription credit (or no template configured): nothing sent. */
  skipped: z.number().int(),
  /** A transport or WeChat error: tried again on the next pass. */
  failed: z.number().int(),
  items: z.array(
    z.object({
      userId: z.number().int(),
      kind: subscriptionKindSchema,
      /** `YYYY-MM` (deadline) or the round's period (result). */
      period: z.string(),
      /** deadline: days before the cut-off (3 or 1); result: the round id. */
      ref: z.number().int(),
      outcome: reminderOutcomeSchema,
      reason: z.string().nullable(),
    }),
  ),
});
export type ReminderRunResult = z.infer<typeof reminderRunResultSchema>;
