import { z } from 'zod';
import { ROLES, UNIT_TYPES } from '../roles';
import { pagedSchema } from './common';

export const roleSchema = z.enum(ROLES);
export const unitTypeSchema = z.enum(UNIT_TYPES);

/** Unit codes are short and printable: they appear in files, URLs and bulletins. */
export const unitCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, '单位编码只能包含字母、数字、下划线和连字符，最长32位');

export const unitSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  type: unitTypeSchema,
});
export type Unit = z.infer<typeof unitSchema>;
export const unitListSchema = z.object({ items: z.array(unitSchema) });

export const userSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  phone: z.string().nullable(),
  roles: z.array(roleSchema),
  unit: unitSchema.nullable(),
});
export type User = z.infer<typeof userSchema>;
export const userPageSchema = pagedSchema(userSchema);

export const devLoginRequestSchema = z.object({ openid: z.string().trim().min(1).max(64) }).strict();
export type DevLoginRequest = z.infer<typeof devLoginRequestSchema>;

/** `Taro.login()` gives a one-time code, valid 5 minutes. */
export const wechatLoginRequestSchema = z.object({ code: z.string().trim().min(1).max(128) }).strict();
export type WechatLoginRequest = z.infer<typeof wechatLoginRequestSchema>;

export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: userSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** A demo account offered by the H5 sign-in picker when the development login is on. */
export const devUserSchema = z.object({
  openid: z.string(),
  name: z.string(),
  roles: z.array(roleSchema),
  unitName: z.string().nullable(),
});
export const devUserListSchema = z.object({ items: z.array(devUserSchema) });
export type DevUser = z.infer<typeof devUserSchema>;

/**
 * `getPhoneNumber` button code → links the WeChat account to the imported cadre with that phone.
 * Answers a LoginResponse: the caller may now be the cadre's user, with a new token.
 */
export const bindPhoneRequestSchema = z.object({ code: z.string().trim().min(1).max(128) }).strict();
export type BindPhoneRequest = z.infer<typeof bindPhoneRequestSchema>;

export const setRolesRequestSchema = z
  .object({
    roles: z.array(roleSchema).max(ROLES.length),
    unitId: z.number().int().positive().nullable().optional(),
  })
  .strict();
export type SetRolesRequest = z.infer<typeof setRolesRequestSchema>;

export const userListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    role: roleSchema.optional(),
    unitId: z.coerce.number().int().positive().optional(),
    q: z.string().trim().max(50).optional(),
  })
  .strict();
export type UserListQuery = z.infer<typeof userListQuerySchema>;
