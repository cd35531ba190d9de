import { z } from 'zod';
import { pagedSchema } from './common';
import { unitSchema } from './identity';

/** A unit's report (申报) and a group leader's recommendation (推荐) share one shape and lifecycle. */
export const REPORT_KINDS = ['report', 'recommendation'] as const;
export const reportKindSchema = z.enum(REPORT_KINDS);
export type ReportKind = z.infer<typeof reportKindSchema>;

/**
 * draft → submitted → signedOff (unit head; reports only) → received (office). `returned` (with a
 * reason, at any step before received) goes back to the author for editing; `withdrawn` frees the
 * quota slot. Recommendations go from submitted straight to the office.
 */
export const REPORT_STATUSES = ['draft', 'submitted', 'signedOff', 'received', 'returned', 'withdrawn'] as const;
export const reportStatusSchema = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof reportStatusSchema>;
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  signedOff: '单位已签发',
  received: '亮点办已接收',
  returned: '已退回',
  withdrawn: '已撤回',
};
export const EDITABLE_STATUSES: readonly ReportStatus[] = ['draft', 'returned'];

/** Seed 000: the county's campaigns (战役), the ten fields of work, and reform work. */
export const CATEGORIES = ['campaign', 'tenFields', 'reform', 'other'] as const;
export const categorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof categorySchema>;
export const CATEGORY_LABELS: Record<Category, string> = {
  campaign: '县委确定的战役',
  tenFields: '十个方面工作',
  reform: '全面深化改革开拓性工作',
  other: '其他',
};

export const CONTENT_CHECKS = ['pass', 'review', 'skipped', 'unavailable'] as const;
export const contentCheckSchema = z.enum(CONTENT_CHECKS);
export type ContentCheck = z.infer<typeof contentCheckSchema>;
export const CONTENT_CHECK_LABELS: Record<ContentCheck, string> = {
  pass: '内容安全检测通过',
  review: '内容需人工复核',
  skipped: '未配置微信内容安全检测，已跳过',
  unavailable: '内容安全检测暂不可用，待人工复核',
};

export const TITLE_MAX = 100;
export const SUMMARY_MAX = 2000;
const text = (max: number) => z.string().trim().max(max);

/** Drafts may be incomplete (they autosave); submission checks completeness. */
export const reportDraftSchema = z
  .object({
    title: text(TITLE_MAX).optional(),
    summary: text(SUMMARY_MAX).optional(),
    category: categorySchema.nullable().optional(),
    /** Leaders' instructions or praise (领导批示), quoted. */
    leaderPraise: text(500).nullable().optional(),
    /** Reports: the reason for a 2nd/3rd item. Recommendations: 推荐理由. */
    reason: text(1000).nullable().optional(),
    /** Recommendations: the unit whose work is recommended. */
    unitId: z.number().int().positive().nullable().optional(),
  })
  .strict();
export type ReportDraft = z.infer<typeof reportDraftSchema>;

/** What a complete item needs before it can be submitted (also used by the app to warn early). */
export function missingForSubmit(r: { title?: string | null; summary?: string | null; category?: string | null; kind: ReportKind; reason?: string | null }): string[] {
  const missing: string[] = [];
  if (!r.title || r.title.trim().length < 4) missing.push('亮点工作名称（至少4个字）');
  if (!r.summary || r.summary.trim().length < 20) missing.push('亮点简介（至少20个字）');
  if (!r.category) missing.push('类别');
  if (r.kind === 'recommendation' && !r.reason?.trim()) missing.push('推荐理由');
  return missing;
}

export const submitRequestSchema = z
  .object({
    /** The month the author believes it is (`YYYY-MM`); a closed window answers WINDOW_CLOSED. */
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    reason: text(1000).nullable().optional(),
  })
  .strict();
export type SubmitRequest = z.infer<typeof submitRequestSchema>;

export const returnRequestSchema = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
export type ReturnRequest = z.infer<typeof returnRequestSchema>;
export const emptyRequestSchema = z.object({}).strict();

export const EVIDENCE_KINDS = ['photo', 'document', 'link'] as const;
export const evidenceKindSchema = z.enum(EVIDENCE_KINDS);

/** Form fields sent with an uploaded photo: what the app recorded when it was taken. */
export const evidenceFieldsSchema = z
  .object({
    capturedAt: z.string().datetime({ offset: true }).optional(),
    latitude: z.coerce.number().min(-90).max(90).optional(),
    longitude: z.coerce.number().min(-180).max(180).optional(),
    accuracy: z.coerce.number().min(0).max(100000).optional(),
    source: z.enum(['camera', 'album']).optional(),
  })
  .strict();
export type EvidenceFields = z.infer<typeof evidenceFieldsSchema>;

export const linkRequestSchema = z
  .object({
    url: z.string().trim().max(1000).url().refine((u) => /^https?:\/\//i.test(u), '只支持 http/https 链接'),
    title: z.string().trim().min(1).max(100),
  })
  .strict();
export type LinkRequest = z.infer<typeof linkRequestSchema>;

const placeSchema = z.object({ at: z.string().nullable(), latitude: z.number().nullable(), longitude: z.number().nullable() });

export const evidenceSchema = z.object({
  id: z.number().int(),
  kind: evidenceKindSchema,
  name: z.string(),
  mime: z.string().nullable(),
  bytes: z.number().int().nullable(),
  url: z.string().nullable(),
  thumbUrl: z.string().nullable(),
  previewUrl: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** Recorded by the app when the photo was taken (camera + getLocation). */
  app: placeSchema.extend({ accuracy: z.number().nullable(), source: z.string().nullable() }).nullable(),
  /** Read from the photo's EXIF, when present. */
  exif: placeSchema.nullable(),
  /** Set when app and EXIF disagree (more than 30 minutes or 1 km apart). */
  mismatch: z.object({ minutes: z.number().nullable(), meters: z.number().nullable() }).nullable(),
  /** Other items that already use a perceptually identical photo. */
  duplicates: z.array(z.object({ evidenceId: z.number().int(), reportId: z.number().int(), reportTitle: z.string(), distance: z.number().int() })),
  createdAt: z.string(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const reportSchema = z.object({
  id: z.number().int(),
  kind: reportKindSchema,
  status: reportStatusSchema,
  month: z.string().nullable(),
  unit: unitSchema.nullable(),
  author: z.object({ id: z.number().int(), name: z.string() }),
  title: z.string(),
  summary: z.string(),
  category: categorySchema.nullable(),
  leaderPraise: z.string().nullable(),
  reason: z.string().nullable(),
  quotaSlot: z.number().int().nullable(),
  returnReason: z.string().nullable(),
  contentCheck: contentCheckSchema.nullable(),
  submittedAt: z.string().nullable(),
  signedOffAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  evidence: z.array(evidenceSchema),
});
export type Report = z.infer<typeof reportSchema>;
export const reportPageSchema = pagedSchema(reportSchema.omit({ evidence: true }).extend({ evidenceCount: z.number().int() }));
export type ReportSummary = z.infer<typeof reportPageSchema>['items'][number];

/** `mine`: my items; `unit`: my unit's (reporters, unit heads); `inbox`: what reached the office. */
export const reportListQuerySchema = z
  .object({
    scope: z.enum(['mine', 'unit', 'inbox']).default('mine'),
    kind: reportKindSchema.optional(),
    status: reportStatusSchema.optional(),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type ReportListQuery = z.infer<typeof reportListQuerySchema>;

/** How many items the caller has used this month and may still submit (for early warnings). */
export const quotaStatusSchema = z.object({
  month: z.string(),
  closesAt: z.string(),
  kind: reportKindSchema,
  used: z.number().int(),
  free: z.number().int(),
  max: z.number().int(),
});
export type QuotaStatus = z.infer<typeof quotaStatusSchema>;

export const EVIDENCE_LIMITS_DEFAULT = { photoBytes: 15 * 1024 * 1024, documentBytes: 20 * 1024 * 1024, photos: 9, documents: 5, links: 10 };
