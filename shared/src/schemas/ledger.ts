import { z } from 'zod';
import { pagedSchema } from './common';
import { unitSchema } from './identity';
import { categorySchema, evidenceSchema, reportKindSchema } from './reports';

export const LEDGER_STATUSES = ['open', 'inspecting', 'passed', 'rejected'] as const;
export const ledgerStatusSchema = z.enum(LEDGER_STATUSES);
export type LedgerStatus = z.infer<typeof ledgerStatusSchema>;
export const LEDGER_STATUS_LABELS: Record<LedgerStatus, string> = {
  open: '待核查',
  inspecting: '现场核查中',
  passed: '核查通过（入目录）',
  rejected: '核查未通过',
};

export const LEDGER_LINK_LABELS = { new: '新事项', merged: '合并', repeat: '往月已有事项' } as const;

export const ledgerSourceSchema = z.object({
  reportId: z.number().int(),
  kind: reportKindSchema,
  title: z.string(),
  unitName: z.string().nullable(),
  authorName: z.string(),
  month: z.string().nullable(),
  link: z.enum(['new', 'merged', 'repeat']),
  score: z.number().nullable(),
  reason: z.string().nullable(),
});

export const duplicateSuggestionSchema = z.object({
  entryId: z.number().int(),
  month: z.string(),
  title: z.string(),
  unitName: z.string().nullable(),
  score: z.number(),
});
export type DuplicateSuggestion = z.infer<typeof duplicateSuggestionSchema>;

export const inspectionSchema = z.object({
  inspectorId: z.number().int(),
  inspectorName: z.string(),
  visitedAt: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  findings: z.string(),
  verdict: z.enum(['pass', 'reject']),
  reason: z.string().nullable(),
});

export const ledgerEntrySchema = z.object({
  id: z.number().int(),
  month: z.string(),
  title: z.string(),
  summary: z.string(),
  unit: unitSchema.nullable(),
  category: categorySchema.nullable(),
  status: ledgerStatusSchema,
  inspector: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  sources: z.array(ledgerSourceSchema),
  /** Same-month or earlier entries whose text is close, not yet merged or judged distinct. */
  duplicates: z.array(duplicateSuggestionSchema),
  inspection: inspectionSchema.nullable(),
  /** Photos the inspector took on site (thumbnails and previews without EXIF/GPS, like report evidence). */
  photos: z.array(evidenceSchema),
  createdAt: z.string(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
export const ledgerPageSchema = pagedSchema(ledgerEntrySchema);
/** The month's catalog: passed entries, paged like every list. */
export const catalogPageSchema = ledgerPageSchema;

export const ledgerQuerySchema = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
    unitId: z.coerce.number().int().positive().optional(),
    category: categorySchema.optional(),
    status: ledgerStatusSchema.optional(),
    source: reportKindSchema.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type LedgerQuery = z.infer<typeof ledgerQuerySchema>;

const reason = z.string().trim().min(2).max(500);
export const mergeRequestSchema = z.object({ intoEntryId: z.number().int().positive(), reason }).strict();
export type MergeRequest = z.infer<typeof mergeRequestSchema>;
export const distinctRequestSchema = z.object({ otherEntryId: z.number().int().positive(), reason }).strict();
export type DistinctRequest = z.infer<typeof distinctRequestSchema>;
export const assignInspectorRequestSchema = z.object({ inspectorId: z.number().int().positive() }).strict();
export type AssignInspectorRequest = z.infer<typeof assignInspectorRequestSchema>;
export const inspectionRequestSchema = z
  .object({
    visitedAt: z.string().datetime({ offset: true }),
    latitude: z.number().min(-90).max(90).nullable().optional(),
    longitude: z.number().min(-180).max(180).nullable().optional(),
    findings: z.string().trim().min(5).max(2000),
    verdict: z.enum(['pass', 'reject']),
    reason: z.string().trim().max(500).nullable().optional(),
  })
  .strict()
  .refine((r) => r.verdict === 'pass' || (r.reason && r.reason.length >= 2), { message: '未通过须填写理由', path: ['reason'] });
export type InspectionRequest = z.infer<typeof inspectionRequestSchema>;
