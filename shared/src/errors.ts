/**
 * The one list of error codes. Each code has its HTTP status and the Chinese message shown to the
 * user; the server answers `{ error: { code, message, requestId, details? } }` and the mini-program
 * shows `message`. Codes are stable: clients and tests match on them, never on the message.
 */
export const ERROR_CODES = {
  /** The body is not valid JSON. */
  INVALID_JSON: { status: 400, message: '请求格式错误，无法解析' },
  /** The body, query or path failed its schema: unknown, missing or mistyped fields. */
  VALIDATION_FAILED: { status: 400, message: '提交的内容不符合要求' },
  /** No token, a bad token or an expired one. */
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  /** Signed in, but none of the roles the route needs. */
  FORBIDDEN: { status: 403, message: '没有权限进行此操作' },
  /** No such resource, or one the caller may not see. */
  NOT_FOUND: { status: 404, message: '内容不存在' },
  /** The method is not allowed on this path. */
  METHOD_NOT_ALLOWED: { status: 405, message: '不支持的请求方式' },
  /** The request conflicts with the current state (a duplicate, a binding already taken). */
  CONFLICT: { status: 409, message: '与现有数据冲突' },
  /** The request body is over its limit. */
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  /** The content type is not one this route accepts. */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的文件或内容类型' },
  /** An import file had rows that failed; nothing was written. `details.errors` lists them. */
  IMPORT_INVALID: { status: 422, message: '导入文件有错误，未导入任何数据' },
  /** The item is not in a state that allows this step (e.g. signing off a draft). */
  INVALID_STATE: { status: 409, message: '当前状态不能进行此操作' },
  /** The monthly window the client meant has closed: `details.month` is the month it now belongs to. */
  WINDOW_CLOSED: { status: 409, message: '本月申报已截止，将计入下月' },
  /** A unit's 4th item of a month, or a leader's 6th recommendation. */
  QUOTA_EXCEEDED: { status: 409, message: '已达到本月申报上限' },
  /** A unit's 2nd or 3rd item of a month without a written reason. */
  QUOTA_REASON_REQUIRED: { status: 400, message: '第2项、第3项申报须填写申报理由' },
  /** WeChat's content check judged the text risky; nothing was saved. */
  CONTENT_RISKY: { status: 422, message: '内容含有违规信息，请修改后再提交' },
  /** Too many photos, documents or links on one item. */
  EVIDENCE_LIMIT: { status: 409, message: '证明材料数量已达上限' },
  /** An image that is too large in pixels or cannot be decoded. */
  IMAGE_UNREADABLE: { status: 422, message: '无法处理该图片' },
  /** A public vote outside its window (not yet open, or closed). */
  VOTE_NOT_OPEN: { status: 409, message: '投票未开始或已结束' },
  /** Per candidate of a ballot: this voter already voted for it today. */
  ALREADY_VOTED_TODAY: { status: 409, message: '今天已为该项投过票，明天可再投' },
  /** Per candidate of a ballot: the voter has used the day's allowance. */
  DAILY_LIMIT_REACHED: { status: 409, message: '今天的投票次数已用完，明天可再投' },
  /** The public vote's counts are hidden while it runs (only the office sees them). */
  RESULTS_HIDDEN: { status: 403, message: '投票进行中，结果暂不公布' },
  /** Too many requests from one caller. */
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  /** WeChat refused the login code (bad, used or expired). */
  WECHAT_CODE_INVALID: { status: 400, message: '微信登录凭证无效或已过期，请重新登录' },
  /** WeChat flagged the account as high-risk (errcode 40226). */
  WECHAT_USER_BLOCKED: { status: 403, message: '该微信账号存在风险，暂时无法登录' },
  /** WeChat could not be reached or answered an error we cannot fix. */
  WECHAT_UNAVAILABLE: { status: 502, message: '微信服务暂时不可用，请稍后再试' },
  /** WeChat login is not configured on this server. */
  WECHAT_NOT_CONFIGURED: { status: 503, message: '服务器未配置微信登录' },
  /** A dependency (database, Redis) is down. */
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后再试' },
  /** Anything unexpected; details are only in the server log. */
  INTERNAL: { status: 500, message: '服务器内部错误，请稍后再试' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function errorStatus(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

export function errorMessage(code: ErrorCode): string {
  return ERROR_CODES[code].message;
}
