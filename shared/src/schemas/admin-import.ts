import { z } from 'zod';

/** What an admin can import from an .xlsx or .csv file. */
export const IMPORT_KINDS = ['units', 'users'] as const;
export const importKindSchema = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof importKindSchema>;

/**
 * Column headers accepted for each kind (Chinese as in the county's spreadsheets, or English).
 * units: 单位编码/code, 单位名称/name, 单位类型/type (县直部门|乡镇|县级机关 or department|township|organ)
 * users: 姓名/name, 手机号/phone, 单位编码/unitCode (optional), 角色/roles (separated by 、,，;；)
 */
export const IMPORT_COLUMNS = {
  units: { code: ['单位编码', 'code'], name: ['单位名称', 'name'], type: ['单位类型', 'type'] },
  users: {
    name: ['姓名', 'name'],
    phone: ['手机号', '手机号码', 'phone'],
    unitCode: ['单位编码', 'unitCode', 'unit'],
    roles: ['角色', 'roles'],
  },
} as const;

export const importRowErrorSchema = z.object({
  /** 1-based row number as the spreadsheet shows it (the header is row 1). */
  row: z.number().int(),
  column: z.string().nullable(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

export const importReportSchema = z.object({
  kind: importKindSchema,
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(importRowErrorSchema),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const importQuerySchema = z
  .object({ dryRun: z.enum(['0', '1', 'true', 'false']).optional() })
  .strict();
