/**
 * The one typed API client. Pages call these functions and never `Taro.request` directly: every
 * answer is checked against the shared zod schema, and every failure arrives as an `ApiError`
 * carrying a stable code and a Chinese message the page can show as is.
 */
import Taro from '@tarojs/taro';
import {
  ERROR_CODES,
  annualResultSchema,
  apiErrorSchema,
  devUserListSchema,
  evidenceSchema,
  importReportSchema,
  inspectorListSchema,
  isMonthKey,
  ledgerEntrySchema,
  ledgerPageSchema,
  loginResponseSchema,
  monthHighlightsSchema,
  myAssignmentsSchema,
  myRoundsSchema,
  quarterlyResultSchema,
  scoreSheetSchema,
  publicConfigSchema,
  quotaStatusSchema,
  reportPageSchema,
  reportSchema,
  roundListSchema,
  roundResultSchema,
  roundSchema,
  unitListSchema,
  userPageSchema,
  userSchema,
  type DevUser,
  type AnnualResult,
  type ErrorCode,
  type MyRounds,
  type UnitAssessment,
  type Category,
  type DecideRequest,
  type DistinctRequest,
  type Evidence,
  type EvidenceFields,
  type ImportKind,
  type ImportReport,
  type InspectionRequest,
  type LedgerEntry,
  type LedgerStatus,
  type LinkRequest,
  type LoginResponse,
  type MergeRequest,
  type MonthHighlights,
  type MonthKey,
  type QuarterlyResult,
  type Paged,
  type PublicConfig,
  type QuotaStatus,
  type Report,
  type ReportDraft,
  type ReportKind,
  type ReportStatus,
  type ReportSummary,
  type Role,
  type Round,
  type RoundResult,
  type SetRolesRequest,
  type ScoreSheetRequest,
  type SubmittedSheet,
  type SubmitRequest,
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
export interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | boolean | null | undefined>;

export function buildQuery(query: Query = {}): string {
  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function apiUrl(path: string): string {
  // Evidence answers may carry absolute URLs (a CDN); those are used as they are.
  if (/^https?:\/\//i.test(path)) return path;
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
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
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

/**
 * One JSON request, answered as a checked value or an `ApiError`. Exported for the API modules beside
 * this one (`public-votes.ts`); pages call those modules' functions, never this.
 */
export async function call<T>(method: Method, path: string, schema: Schema<T>, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const url = apiUrl(path);
  let status: number;
  let data: unknown;
  try {
    const res = await Taro.request({
      url,
      method,
      data: body,
      // No content type on GET: it would only make cross-origin reads pay for a preflight.
      header: body === undefined ? { ...headers, ...authHeader() } : { 'Content-Type': 'application/json', ...headers, ...authHeader() },
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

// ---------------------------------------------------------------------------------------------
// Highlight reports (申报) and recommendations (推荐)
// ---------------------------------------------------------------------------------------------

/** A 204 answer: nothing to check. */
const noContent: Schema<void> = { safeParse: () => ({ success: true, data: undefined }) };

export interface ReportListParams {
  scope: 'mine' | 'unit' | 'inbox';
  kind?: ReportKind;
  status?: ReportStatus;
  month?: MonthKey;
  page?: number;
  pageSize?: number;
}

export type ReportPage = Paged<ReportSummary>;

export function listReports(params: ReportListParams): Promise<ReportPage> {
  return call('GET', `/api/reports${buildQuery({ ...params })}`, reportPageSchema);
}

/** A unit report draft (reporters). */
export function createReport(draft: ReportDraft): Promise<Report> {
  return call('POST', '/api/reports', reportSchema, draft);
}

/** A group leader's recommendation draft: `reason` is 推荐理由, `unitId` the unit whose work it is. */
export function createRecommendation(draft: ReportDraft): Promise<Report> {
  return call('POST', '/api/recommendations', reportSchema, draft);
}

export function createDraft(kind: ReportKind, draft: ReportDraft): Promise<Report> {
  return kind === 'recommendation' ? createRecommendation(draft) : createReport(draft);
}

export function getReport(id: number): Promise<Report> {
  return call('GET', `/api/reports/${id}`, reportSchema);
}

/**
 * WeChat's `wx.request` has no PATCH (its methods are OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE,
 * CONNECT), so the mini-program saves a draft with PUT on the same path; H5 uses PATCH.
 */
export const UPDATE_METHOD: Method = process.env.TARO_ENV === 'h5' ? 'PATCH' : 'PUT';

/** Saves the author's draft (only in `draft` or `returned`). */
export function updateReport(id: number, draft: ReportDraft): Promise<Report> {
  return call(UPDATE_METHOD, `/api/reports/${id}`, reportSchema, draft);
}

/**
 * `month` is the month the app believes it is (`submissionMonth(new Date(), …)`). A closed window
 * answers 409 WINDOW_CLOSED, whose month `windowClosedMonth(error)` reads; submit again with it.
 */
export function submitReport(id: number, body: SubmitRequest): Promise<Report> {
  return call('POST', `/api/reports/${id}/submit`, reportSchema, body);
}

/** Unit head: submitted → signedOff. */
export function signOffReport(id: number): Promise<Report> {
  return call('POST', `/api/reports/${id}/sign-off`, reportSchema, {});
}

/** Unit head (submitted) or office (signedOff, or a submitted recommendation). */
export function returnReport(id: number, reason: string): Promise<Report> {
  return call('POST', `/api/reports/${id}/return`, reportSchema, { reason });
}

/** Office. */
export function receiveReport(id: number): Promise<Report> {
  return call('POST', `/api/reports/${id}/receive`, reportSchema, {});
}

/** Author; frees the quota slot. */
export function withdrawReport(id: number): Promise<Report> {
  return call('POST', `/api/reports/${id}/withdraw`, reportSchema, {});
}

export function getQuota(kind: ReportKind): Promise<QuotaStatus> {
  return call('GET', `/api/quota${buildQuery({ kind })}`, quotaStatusSchema);
}

export function addLink(reportId: number, body: LinkRequest): Promise<Evidence> {
  return call('POST', `/api/reports/${reportId}/links`, evidenceSchema, body);
}

export function deleteEvidence(reportId: number, evidenceId: number): Promise<void> {
  return call('DELETE', `/api/reports/${reportId}/evidence/${evidenceId}`, noContent);
}

/** The month a WINDOW_CLOSED refusal says the item now belongs to, or null for any other failure. */
export function windowClosedMonth(error: unknown): MonthKey | null {
  if (!isApiError(error) || error.code !== 'WINDOW_CLOSED') return null;
  const month = (error.details as { month?: unknown } | null | undefined)?.month;
  return typeof month === 'string' && isMonthKey(month) ? month : null;
}

/**
 * The server's current month when submit named a month that has not begun (the phone's clock runs
 * ahead): VALIDATION_FAILED with `details.month`. Null for any other failure.
 */
export function currentMonthOf(error: unknown): MonthKey | null {
  if (!isApiError(error) || error.code !== 'VALIDATION_FAILED') return null;
  const details = error.details as { month?: unknown; missing?: unknown } | null | undefined;
  return typeof details?.month === 'string' && isMonthKey(details.month) && !details.missing ? details.month : null;
}

/** The missing fields of a VALIDATION_FAILED refusal of submit (`details.missing`), or null. */
export function missingFieldsOf(error: unknown): string[] | null {
  if (!isApiError(error) || error.code !== 'VALIDATION_FAILED') return null;
  const missing = (error.details as { missing?: unknown } | null | undefined)?.missing;
  return Array.isArray(missing) && missing.every((m) => typeof m === 'string') && missing.length ? missing : null;
}

// ---------------------------------------------------------------------------------------------
// The office's ledger (台账), on-site verification, the monthly catalog and the monthly vote
// ---------------------------------------------------------------------------------------------

export interface LedgerListParams {
  month?: MonthKey;
  unitId?: number;
  category?: Category;
  status?: LedgerStatus;
  /** Entries with at least one source of this kind: a unit report or a leader's recommendation. */
  source?: ReportKind;
  page?: number;
  pageSize?: number;
}

export type LedgerPage = Paged<LedgerEntry>;

/** Office. */
export function listLedger(params: LedgerListParams = {}): Promise<LedgerPage> {
  return call('GET', `/api/ledger${buildQuery({ ...params })}`, ledgerPageSchema);
}

/** Office: one entry with its sources, duplicate suggestions, inspector and inspection record. */
export function getLedgerEntry(id: number): Promise<LedgerEntry> {
  return call('GET', `/api/ledger/${id}`, ledgerEntrySchema);
}

/**
 * Merges entry `id` into `body.intoEntryId` (the reason is recorded). Entry `id` is gone afterwards:
 * the answer is the entry that was kept, now with the sources of both.
 */
export function mergeLedgerEntry(id: number, body: MergeRequest): Promise<LedgerEntry> {
  return call('POST', `/api/ledger/${id}/merge`, ledgerEntrySchema, body);
}

/** Records that entry `id` and `body.otherEntryId` are different works (the suggestion goes away). */
export function markLedgerDistinct(id: number, body: DistinctRequest): Promise<LedgerEntry> {
  return call('POST', `/api/ledger/${id}/distinct`, ledgerEntrySchema, body);
}

export interface Inspector {
  id: number;
  name: string;
}

/** Office members who can inspect on site. */
export async function listInspectors(): Promise<Inspector[]> {
  return (await call('GET', '/api/ledger/inspectors', inspectorListSchema)).items;
}

/** Office: the entry goes to `inspecting` with this inspector. */
export function assignInspector(id: number, inspectorId: number): Promise<LedgerEntry> {
  return call('POST', `/api/ledger/${id}/inspector`, ledgerEntrySchema, { inspectorId });
}

/** The assigned inspector's visit and verdict; a second verdict is refused with 409 CONFLICT. */
export function recordInspection(id: number, body: InspectionRequest): Promise<LedgerEntry> {
  return call('POST', `/api/ledger/${id}/inspection`, ledgerEntrySchema, body);
}

const catalogSchema = ledgerPageSchema.pick({ items: true });

/** The month's catalog (县每月亮点工作目录): the entries that passed verification. Office, leading group. */
export async function getCatalog(month: MonthKey): Promise<LedgerEntry[]> {
  return (await call('GET', `/api/catalog${buildQuery({ month })}`, catalogSchema)).items;
}

/** A round as lists and results show it: without its entries and the caller's ballot. */
export type RoundSummary = RoundResult['round'];

export interface OpenRoundParams {
  month: MonthKey;
  /** How many entries the month selects; the server's default is 20. */
  selectCount?: number;
  /** ISO with offset. */
  endsAt: string;
}

/** Office: opens the month's vote on its catalog (409 CONFLICT: the month has one; 409 INVALID_STATE: empty catalog). */
export function openRound(body: OpenRoundParams): Promise<Round> {
  return call('POST', '/api/rounds', roundSchema, { kind: 'monthlyVote', ...body });
}

/** Office, leading group. */
export async function listRounds(): Promise<RoundSummary[]> {
  return (await call('GET', '/api/rounds', roundListSchema)).items;
}

/** The round with its entries; `myBallot` for members. Vote counts stay hidden until it closes. */
export function getRound(id: number): Promise<Round> {
  return call('GET', `/api/rounds/${id}`, roundSchema);
}

/**
 * A member's ballot (up to `selectCount` entries); it replaces the previous one until the round
 * closes. 403 for non-members, 409 INVALID_STATE once closed or past `endsAt`, 400 VALIDATION_FAILED
 * over the number or for an entry not in the round.
 */
export function castBallot(id: number, entryIds: number[]): Promise<Round> {
  return call('PUT', `/api/rounds/${id}/ballot`, roundSchema, { entryIds });
}

/** Office: ends the vote; the status becomes `closed`, or `tie` with `tie` set for the office to decide. */
export function closeRound(id: number): Promise<RoundResult> {
  return call('POST', `/api/rounds/${id}/close`, roundResultSchema, {});
}

/** Office, only in `tie`: exactly `tie.seats` of the tied entries, with the reason recorded. */
export function decideRound(id: number, body: DecideRequest): Promise<RoundResult> {
  return call('POST', `/api/rounds/${id}/decide`, roundResultSchema, body);
}

/** Office, leading group; 409 while the round is open. */
export function getRoundResult(id: number): Promise<RoundResult> {
  return call('GET', `/api/rounds/${id}/result`, roundResultSchema);
}

// ----- the quarterly scoring (季度评分) and results of either kind -----

/** A result of any kind of round: `result.round.kind` tells which (see `isQuarterlyResult`, `isAnnualResult`). */
export type AnyRoundResult = RoundResult | QuarterlyResult | AnnualResult;

export function isQuarterlyResult(result: AnyRoundResult): result is QuarterlyResult {
  return result.round.kind === 'quarterlyScore';
}

export function isAnnualResult(result: AnyRoundResult): result is AnnualResult {
  return result.round.kind === 'annualVote';
}

export function isMonthlyResult(result: AnyRoundResult): result is RoundResult {
  return result.round.kind === 'monthlyVote';
}

/** Reads a result by its round's kind: quarterly rows carry scores and sheets, annual rows committee and public points, monthly rows votes. */
export const anyRoundResultSchema: Schema<AnyRoundResult> = {
  safeParse(data: unknown) {
    const kind = (data as { round?: { kind?: unknown } } | null)?.round?.kind;
    const parsed =
      kind === 'quarterlyScore'
        ? quarterlyResultSchema.safeParse(data)
        : kind === 'annualVote'
          ? annualResultSchema.safeParse(data)
          : roundResultSchema.safeParse(data);
    return parsed.success ? { success: true, data: parsed.data } : { success: false };
  },
};

/** Office, leading group; 409 while the round is open. Either kind. */
export function getAnyRoundResult(id: number): Promise<AnyRoundResult> {
  return call('GET', `/api/rounds/${id}/result`, anyRoundResultSchema);
}

/** Office: closes a round of either kind (`tie` when the cut-off is tied). */
export function closeAnyRound(id: number): Promise<AnyRoundResult> {
  return call('POST', `/api/rounds/${id}/close`, anyRoundResultSchema, {});
}

/** Office, only in `tie`: exactly `tie.seats` of the tied entries, with the reason; either kind. */
export function decideAnyRound(id: number, body: DecideRequest): Promise<AnyRoundResult> {
  return call('POST', `/api/rounds/${id}/decide`, anyRoundResultSchema, body);
}

/** Office, leading group: one page of rounds of both kinds (the server's page size is at most 100). */
export function listRoundPage(page = 1, pageSize = 100): Promise<Paged<RoundSummary>> {
  return call('GET', `/api/rounds${buildQuery({ page, pageSize })}`, roundListSchema);
}

export interface OpenQuarterParams {
  /** `YYYY-Qn`. */
  quarter: string;
  /** How many items the quarter selects; the server's default is 10. */
  selectCount?: number;
  /** ISO with offset. */
  endsAt: string;
}

/**
 * Office: opens the quarter's scoring on its monthly highlights (409 INVALID_STATE: none yet;
 * 409 CONFLICT: already opened).
 */
export function openQuarter(body: OpenQuarterParams): Promise<Round> {
  return call('POST', '/api/rounds/quarterly', roundSchema, body);
}

export interface OpenAnnualParams {
  /** `YYYY`. */
  year: string;
  /** How many items the year selects; the server's default is 10. */
  selectCount?: number;
  /** ISO with offset. */
  endsAt: string;
}

/**
 * Office: opens the year's annual vote on the year's quarterly top-10s (409 INVALID_STATE: none yet;
 * 409 CONFLICT: already opened).
 */
export function openAnnual(body: OpenAnnualParams): Promise<Round> {
  return call('POST', '/api/rounds/annual', roundSchema, body);
}

/** Office, while an annual round is open: the public online vote counts per candidate. */
export function savePublicCounts(roundId: number, counts: Array<{ entryId: number; count: number }>): Promise<Round> {
  return call('PUT', `/api/rounds/${roundId}/public-counts`, roundSchema, { counts });
}

/** Assessor: the quarterly rounds I have items in, newest first. */
export async function listMyRounds(): Promise<MyRounds['items']> {
  return (await call('GET', '/api/my-rounds', myRoundsSchema)).items;
}

/** The units' assessment of a year, with the units to name them. */
export type YearAssessment = UnitAssessment & { units: Array<{ id: number; code: string; name: string; type: string }> };

const yearAssessmentSchema: Schema<YearAssessment> = {
  safeParse(data: unknown) {
    const d = data as Partial<YearAssessment> | null;
    if (!d || typeof d !== 'object' || !Array.isArray(d.rows) || !Array.isArray(d.units) || !Array.isArray(d.explanation) || !d.weights || !d.maxima) {
      return { success: false };
    }
    for (const r of d.rows) {
      if (!r || typeof r.unitId !== 'number' || typeof r.rank !== 'number' || !r.score || typeof r.score.display !== 'string' || !Array.isArray(r.levels) || !Array.isArray(r.explanation)) {
        return { success: false };
      }
    }
    return { success: true, data: d as YearAssessment };
  },
};

/** Office and the leaders: the units' quantitative assessment of a year (`YYYY`). */
export function getAssessment(year: string): Promise<YearAssessment> {
  return call('GET', `/api/assessment${buildQuery({ year })}`, yearAssessmentSchema);
}

/** Office: sends an assessor to score these items (409 CONFLICT names items of the assessor's own unit). */
export function assignAssessor(roundId: number, assessorId: number, entryIds: number[]): Promise<void> {
  return call('POST', `/api/rounds/${roundId}/assignments`, noContent, { assessorId, entryIds });
}

export interface Assessor {
  id: number;
  name: string;
  unitName: string | null;
}

const assessorListSchema: Schema<{ items: Assessor[] }> = {
  safeParse(data: unknown) {
    const items = (data as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) return { success: false };
    const out: Assessor[] = [];
    for (const item of items as Array<Record<string, unknown>>) {
      if (!item || typeof item.id !== 'number' || typeof item.name !== 'string') return { success: false };
      out.push({ id: item.id, name: item.name, unitName: typeof item.unitName === 'string' ? item.unitName : null });
    }
    return { success: true, data: { items: out } };
  },
};

/** Office: the people holding the assessor role. */
export async function listAssessors(): Promise<Assessor[]> {
  return (await call('GET', '/api/assessors', assessorListSchema)).items;
}

export type MyAssignments = (typeof myAssignmentsSchema)['_output'];
export type AssignedItem = MyAssignments['entries'][number];

/** Assessor: the items assigned to me in this quarterly round, with my sheet when the server has it. */
export function myScoreItems(roundId: number): Promise<MyAssignments> {
  return call('GET', `/api/rounds/${roundId}/my-items`, myAssignmentsSchema);
}

/**
 * Assessor: one score sheet. The same `clientId` sent again returns the stored sheet (the phone never
 * saw the answer); a new one replaces my sheet while the round is open. 400 VALIDATION_FAILED (a score
 * off the rubric), 403 (own unit / unassigned), 409 INVALID_STATE (closed or past its end).
 */
export function submitSheet(roundId: number, entryId: number, body: ScoreSheetRequest): Promise<SubmittedSheet> {
  return call('PUT', `/api/rounds/${roundId}/sheets/${entryId}`, scoreSheetSchema, body);
}

/** The month's highlights for anyone signed in: empty (`roundId: null`) until its round has closed. */
export function getMonthHighlights(month: MonthKey): Promise<MonthHighlights> {
  return call('GET', `/api/highlights${buildQuery({ month })}`, monthHighlightsSchema);
}

// ----- evidence files -----

const UPLOAD_TIMEOUT_MS = 120000;

/** What the app recorded when the photo was taken, plus the file name the H5 upload should carry. */
export type UploadFields = EvidenceFields & { fileName?: string };

/** The multipart text fields: only those present, all as strings. */
export function evidenceFormFields(fields: UploadFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['capturedAt', 'latitude', 'longitude', 'accuracy', 'source'] as const) {
    const value = fields[key];
    if (value !== undefined && value !== null && value !== '') out[key] = String(value);
  }
  return out;
}

function clampPercent(value: number): number {
  return Math.max(0, Math.min(100, Math.round(value)));
}

/** H5: XMLHttpRequest, because fetch cannot report upload progress. */
function xhrUpload(
  url: string,
  form: FormData,
  headers: Record<string, string>,
  onProgress?: (percent: number) => void,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.timeout = UPLOAD_TIMEOUT_MS;
    if (onProgress) {
      xhr.upload.onprogress = (event: ProgressEvent) => {
        if (event.lengthComputable && event.total > 0) onProgress(clampPercent((event.loaded / event.total) * 100));
      };
    }
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
    const fail = () => reject(new ApiError('NETWORK_ERROR', CLIENT_ERRORS.NETWORK_ERROR));
    xhr.onerror = fail;
    xhr.ontimeout = fail;
    xhr.onabort = fail;
    xhr.send(form);
  });
}

/**
 * Posts one file as multipart field `file` with the recorded fields to an API path and reads the
 * answer as evidence. `file` is a local temp path on weapp (chooseMedia / chooseMessageFile) or a
 * browser File/Blob on H5. `onProgress` gets 0–100 (100 only once the server accepted the file).
 */
async function uploadFileTo(
  path: string,
  file: string | Blob,
  fields: UploadFields,
  onProgress?: (percent: number) => void,
): Promise<Evidence> {
  const url = apiUrl(path);
  const formData = evidenceFormFields(fields);
  let status: number;
  let body: unknown;
  try {
    if (typeof file === 'string') {
      const task = Taro.uploadFile({ url, filePath: file, name: 'file', header: authHeader(), formData, timeout: UPLOAD_TIMEOUT_MS });
      if (onProgress) {
        const listen = task.onProgressUpdate ?? task.progress;
        listen?.call(task, (res: { progress: number }) => onProgress(clampPercent(res.progress)));
      }
      const res = await task;
      status = res.statusCode;
      body = res.data;
    } else {
      const form = new FormData();
      for (const [name, value] of Object.entries(formData)) form.append(name, value);
      form.append('file', file, fields.fileName || (file as File).name || 'photo.jpg');
      const res = await xhrUpload(url, form, authHeader(), onProgress);
      status = res.status;
      body = res.body;
    }
  } catch {
    throw new ApiError('NETWORK_ERROR', CLIENT_ERRORS.NETWORK_ERROR);
  }
  const evidence = readAnswer(path, status, body, evidenceSchema);
  onProgress?.(100);
  return evidence;
}

/** Uploads one photo or document to a report (see `uploadFileTo` for `file` and `onProgress`). */
export function uploadEvidence(
  reportId: number,
  file: string | Blob,
  fields: UploadFields = {},
  onProgress?: (percent: number) => void,
): Promise<Evidence> {
  return uploadFileTo(`/api/reports/${reportId}/evidence`, file, fields, onProgress);
}

/**
 * The assigned inspector's on-site photo of a ledger entry, while it is `inspecting` (else 403);
 * photos only (415), at most 9 (409 EVIDENCE_LIMIT).
 */
export function uploadInspectionPhoto(
  entryId: number,
  file: string | Blob,
  fields: UploadFields = {},
  onProgress?: (percent: number) => void,
): Promise<Evidence> {
  return uploadFileTo(`/api/ledger/${entryId}/photos`, file, fields, onProgress);
}

/** Removes an inspection photo (same rule as the upload). */
export function deleteInspectionPhoto(entryId: number, photoId: number): Promise<void> {
  return call('DELETE', `/api/ledger/${entryId}/photos/${photoId}`, noContent);
}

/** The bearer token goes only to our API, never to another origin an answer may point at (a CDN). */
function fileHeader(url: string): Record<string, string> {
  const ours = !/^https?:\/\//i.test(url) || (!!API_BASE && url.startsWith(`${API_BASE}/`));
  return ours ? authHeader() : {};
}

/** Loaded evidence images by API path: each is downloaded once per session. */
const imageCache = new Map<string, Promise<string>>();
const IMAGE_CACHE_MAX = 200;

async function loadImage(path: string): Promise<string> {
  const full = apiUrl(path);
  if (process.env.TARO_ENV === 'h5') {
    let res: Response;
    try {
      res = await fetch(full, { headers: fileHeader(path) });
    } catch {
      throw new ApiError('NETWORK_ERROR', CLIENT_ERRORS.NETWORK_ERROR);
    }
    if (!res.ok) {
      let body: unknown = null;
      try {
        body = await res.text();
      } catch {
        // No body: the status decides.
      }
      readAnswer(path, res.status, body, noContent);
    }
    return URL.createObjectURL(await res.blob());
  }
  let status: number;
  let tempFilePath: string;
  try {
    const res = await Taro.downloadFile({ url: full, header: fileHeader(path), timeout: UPLOAD_TIMEOUT_MS });
    status = res.statusCode;
    tempFilePath = res.tempFilePath;
  } catch {
    throw new ApiError('NETWORK_ERROR', CLIENT_ERRORS.NETWORK_ERROR);
  }
  // downloadFile keeps the body in a file; an error answer is known by its status alone.
  if (status < 200 || status >= 300) readAnswer(path, status, null, noContent);
  return tempFilePath;
}

/**
 * A displayable `src` for an evidence image path (`evidence.thumbUrl` / `previewUrl`), which needs the
 * bearer token: `<Image src>` cannot send headers. weapp: `Taro.downloadFile` with the header → a
 * temp file path (the API origin must also be on the downloadFile domain list); H5: fetch with the
 * header → a blob: URL.
 */
export function evidenceImageSrc(url: string): Promise<string> {
  const cached = imageCache.get(url);
  if (cached) return cached;
  const loading = loadImage(url);
  imageCache.set(url, loading);
  loading.catch(() => imageCache.delete(url));
  if (imageCache.size > IMAGE_CACHE_MAX) {
    const oldest = imageCache.keys().next().value as string;
    const dropped = imageCache.get(oldest);
    imageCache.delete(oldest);
    if (process.env.TARO_ENV === 'h5') {
      void dropped?.then((src) => URL.revokeObjectURL(src)).catch(() => undefined);
    }
  }
  return loading;
}

/** Opens an evidence document (PDF) that needs the bearer token. */
export async function openEvidenceDocument(url: string, name: string): Promise<void> {
  const full = apiUrl(url);
  if (process.env.TARO_ENV === 'h5') {
    let res: Response;
    try {
      res = await fetch(full, { headers: fileHeader(url) });
    } catch {
      throw new ApiError('NETWORK_ERROR', CLIENT_ERRORS.NETWORK_ERROR);
    }
    if (!res.ok) readAnswer(url, res.status, await res.text().catch(() => null), noContent);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await res.blob());
    link.target = '_blank';
    link.rel = 'noopener';
    link.download = name;
    link.click();
    return;
  }
  let res: { statusCode: number; tempFilePath: string };
  try {
    res = await Taro.downloadFile({ url: full, header: fileHeader(url), timeout: UPLOAD_TIMEOUT_MS });
  } catch {
    throw new ApiError('NETWORK_ERROR', CLIENT_ERRORS.NETWORK_ERROR);
  }
  if (res.statusCode < 200 || res.statusCode >= 300) readAnswer(url, res.statusCode, null, noContent);
  await Taro.openDocument({ filePath: res.tempFilePath, showMenu: true });
}
