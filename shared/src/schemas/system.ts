import { z } from 'zod';

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ ok: z.boolean(), kind: z.enum(['sqlite', 'mysql']) }),
  redis: z.object({ ok: z.boolean() }).optional(),
  version: z.string(),
});
export type Health = z.infer<typeof healthSchema>;

/** What the mini-program needs to know about this server before sign-in. */
export const publicConfigSchema = z.object({
  devLogin: z.boolean(),
  wechatLogin: z.boolean(),
  monthlyCutoffDay: z.number().int(),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  data: z.unknown(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
