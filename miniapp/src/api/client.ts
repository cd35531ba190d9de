/**
 * The one typed API client. Pages call these functions and never `Taro.request` directly: every
 * answer is checked against the shared zod schema, and every failure arrives as an `ApiError`
 * carrying a stable code and a Chinese message the page can show as is.
 */
import Taro from '@tarojs/taro';
import {
  ERROR_CODES,
  apiErrorSchema,
  devUserListSchema,
  importReportSchema,
  loginResponseSchema,
  publicConfigSchema,
  unitListSchema,
  userPageSchema,
  userSchema,
  type DevUser,
  type ErrorCode,
  type ImportKind,
  type ImportReport,
  type LoginResponse,
  type PublicConfig,
  type Role,
  type SetRolesRequest,
  type Unit,
  type User,
} from '@liangdian/shared';

/**
 * '' means same origin: the server serves the H5 build, so relative URLs reach it. WeChat needs an
 * absolute https origin on its request-domain list, given at build time:
 * `TARO_APP_API_BASE=https://api.example.cn npm run build:weapp -w miniapp`.
 */
export const API_BASE = (process.env.TARO_APP_API_BASE || '').replace(/\/+$/, '');
export const TOKEN_KEY = 'liangdian.token';
export const LOGIN_PAGE = '/pages/login/index';
export const HOME_PAGE = '/pages/home/index';
const TIMEOUT_MS = 15000;

/** Codes the client raises itself, on top of the server's `ERROR_CODES`. */
const CLIENT_ERRORS = {
  NETWORK_ERROR: '网络连接失败，请检查网络后重试',
  BAD_RESPONSE: '服务器返回的数据无法识别，请稍后再试',
  NOT_CONFIGURED: '未配置服务器地址（TARO_APP_API_BASE），无法连接服务器',
} as const;
export type ClientErrorCode = ErrorCode | keyof typeof CLIENT_ERRORS;

export class ApiError extends Error {
  readonly code: ClientErrorCode;
  /** HTTP status; 0 when no answer arrived. */
  readonly status: number;
  readonly requestId?: string;
  readonly details?: unknown;

  constructor(code: ClientErrorCode, message: string, status = 0, requestId?: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.requestId = requestId;
    this.details = details;
  }
}

/** Babel's ES5 output for weapp can lose `instanceof` on Error subclasses; the name survives. */
export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError || (value instanceof Error && value.name === 'ApiError');
}

/** The Chinese text to show for any thrown value. */
export function errorText(value: unknown): string {
  return isApiError(value) ? value.message : CLIENT_ERRORS.NETWORK_ERROR;
}

export function getToken(): string {
  const token: unknown = Taro.getStorageSync(TOKEN_KEY);
  return typeof token === 'string' ? token : '';
}

export function setToken(token: string): void {
  Taro.setStorageSync(TOKEN_KEY, token);
}

export function clearToken(): void {
  Taro.removeStorageSync(TOKEN_KEY);
}

export function signOut(): void {
  clearToken();
  void Taro.reLaunch({ url: LOGIN_PAGE });
}

/** Anything with zod's `safeParse`, so this file needs no direct zod import. */
interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | boolean | null | undefined>;

export function buildQuery(query: Query = {}): string {
  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function apiUrl(path: string): string {
  if (!API_BASE && process.env.TARO_ENV !== 'h5') {
    throw new ApiError('NOT_CONFIGURED', CLIENT_ERRORS.NOT_CONFIGURED);
  }
  return `${API_BASE}${path}`;
}

function authHeader(): Record<string, string> {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** The fallback when an error body is not ours (a proxy's 502 page, an HTML 404). */
function codeForStatus(status: number): ErrorCode | 'BAD_RESPONSE' {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'SERVICE_UNAVAILABLE';
  if (status >= 500) return 'INTERNAL';
  return 'BAD_RESPONSE';
}

function toApiError(status: number, body: unknown): ApiError {
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) {
    const { code, message, requestId, details } = parsed.data.error;
    return new ApiError(code, message, status, requestId, details);
  }
  const code = codeForStatus(status);
  const message = code === 'BAD_RESPONSE' ? CLIENT_ERRORS.BAD_RESPONSE : ERROR_CODES[code].message;
  return new ApiError(code, message, status);
}

/** uploadFile hands back the body as text; a non-JSON body from request arrives as text too. */
function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** Turns one HTTP answer into a checked value or an `ApiError`. Exported for the tests. */
export function readAnswer<T>(path: string, status: number, rawBody: unknown, schema: Schema<T>): T {
  const body = parseBody(rawBody);
  if (status < 200 || status >= 300) {
    const error = toApiError(status, body);
    if (status === 401) {
      clearToken();
      // A failed sign-in is answered on the sign-in page itself; anywhere else the session is gone.
      if (!path.startsWith('/api/auth/')) void Taro.reLaunch({ url: LOGIN_PAGE });
    }
    throw error;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError('BAD_RESPONSE', CLIENT_ERRORS.BAD_RESPONSE, status);
  return parsed.data;
}

async function call<T>(method: Method, path: string, schema: Schema<T>, body?: unknown): Promise<T> {
  const url = apiUrl(path);
  let status: number;
  let data: unknown;
  try {
    const res = await Taro.request({
      url,
      method,
      data: body,
      // No content type on GET: it would only make cross-origin reads pay for a preflight.
      header: body === undefined ? authHeader() : { 'Content-Type': 'application/json', ...authHeader() },
      dataType: 'json',
      timeout: TIMEOUT_MS,
    });
    status = res.statusCode;
    data = res.data;
  } catch {
    throw new ApiError('NETWORK_ERROR', CLIENT_ERRORS.NETWORK_ERROR);
  }
  return readAnswer(path, status, data, schema);
}

export function getConfig(): Promise<PublicConfig> {
  return call('GET', '/api/config', publicConfigSchema);
}

/** Only answered when the server runs with the development login on. */
export async function listDevUsers(): Promise<DevUser[]> {
  return (await call('GET', '/api/auth/dev-users', devUserListSchema)).items;
}

async function signIn(path: string, body: { openid: string } | { code: string }): Promise<LoginResponse> {
  const answer = await call('POST', path, loginResponseSchema, body);
  setToken(answer.token);
  return answer;
}

export function devLogin(openid: string): Promise<LoginResponse> {
  return signIn('/api/auth/dev-login', { openid });
}

/** `code` comes from `Taro.login()`; it is valid 5 minutes and works once. */
export function wechatLogin(code: string): Promise<LoginResponse> {
  return signIn('/api/auth/wechat-login', { code });
}

/** `code` is the `detail.code` of the `getPhoneNumber` button event. */
/** Binding may make the caller the imported cadre's user: the answer brings that user's token. */
export async function bindPhone(code: string): Promise<User> {
  return (await signIn('/api/me/phone', { code })).user;
}

export function me(): Promise<User> {
  return call('GET', '/api/me', userSchema);
}

export async function listUnits(): Promise<Unit[]> {
  return (await call('GET', '/api/units', unitListSchema)).items;
}

export interface UserListParams {
  page?: number;
  pageSize?: number;
  role?: Role;
  unitId?: number;
  q?: string;
}

export function listUsers(params: UserListParams = {}) {
  return call('GET', `/api/admin/users${buildQuery({ ...params })}`, userPageSchema);
}

export function setRoles(userId: number, body: SetRolesRequest): Promise<User> {
  return call('PUT', `/api/admin/users/${userId}/roles`, userSchema, body);
}

/**
 * `file` is a local temp path on weapp (from `chooseMessageFile`) or a browser `File` on H5, where
 * `chooseMessageFile` does not exist. Either way the multipart field is `file`.
 */
export async function importFile(kind: ImportKind, file: string | Blob, dryRun: boolean): Promise<ImportReport> {
  const path = `/api/admin/imports/${kind}${buildQuery({ dryRun: dryRun ? 1 : 0 })}`;
  const url = apiUrl(path);
  let status: number;
  let body: unknown;
  try {
    if (typeof file === 'string') {
      const res = await Taro.uploadFile({ url, filePath: file, name: 'file', header: authHeader(), timeout: 60000 });
      status = res.statusCode;
      body = res.data;
    } else {
      const form = new FormData();
      form.append('file', file, (file as File).name || 'import.xlsx');
      const res = await fetch(url, { method: 'POST', body: form, headers: authHeader() });
      status = res.status;
      body = await res.text();
    }
  } catch {
    throw new ApiError('NETWORK_ERROR', CLIENT_ERRORS.NETWORK_ERROR);
  }
  return readAnswer(path, status, body, importReportSchema);
}

/** The row errors of a refused import (422 IMPORT_INVALID), or null for any other failure. */
export function importErrorsOf(error: unknown): ImportReport['errors'] | null {
  if (!isApiError(error) || error.code !== 'IMPORT_INVALID') return null;
  const report = importReportSchema.safeParse(error.details);
  if (report.success) return report.data.errors;
  const details = error.details as { errors?: unknown } | undefined;
  const errors = importReportSchema.shape.errors.safeParse(details?.errors);
  return errors.success ? errors.data : [];
}
