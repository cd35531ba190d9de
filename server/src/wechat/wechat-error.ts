/**
 * What a WeChat call can fail with. Callers map `errcode` to our error codes and read `retryable`
 * to decide whether a later attempt may succeed (a publication job retries; a login answers at once).
 *
 * - kind 'errcode': WeChat answered and refused, `errcode` is WeChat's.
 * - kind 'transport': no usable answer (connection failed, timed out, HTTP 5xx, not JSON); errcode -1.
 * - kind 'answer': a JSON answer without what WeChat documents (no openid, no media_id...); errcode -1.
 */
export type WechatErrorKind = 'errcode' | 'transport' | 'answer';

/**
 * errcodes worth trying again later: -1 system busy, 45009 daily API quota used up (tomorrow),
 * 45011 minute quota (next minute). Credential and permission refusals (40013 invalid appid, 40125
 * invalid secret, 48001 API not authorised) and user decisions (43101 refused subscription) never are.
 */
const RETRYABLE_ERRCODES = new Set([-1, 45009, 45011]);

export class WechatError extends Error {
  override readonly name = 'WechatError';
  readonly kind: WechatErrorKind;
  /** The HTTP status of a transport failure that had an answer (a 502 page), else undefined. */
  readonly httpStatus?: number;
  readonly retryable: boolean;

  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
    options: { kind?: WechatErrorKind; httpStatus?: number } = {},
  ) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`);
    this.kind = options.kind ?? 'errcode';
    this.httpStatus = options.httpStatus;
    this.retryable = retryable(this.kind, errcode, options.httpStatus);
  }
}

function retryable(kind: WechatErrorKind, errcode: number, httpStatus: number | undefined): boolean {
  if (kind === 'errcode') return RETRYABLE_ERRCODES.has(errcode);
  // A malformed answer is a broken integration, not a hiccup: trying again would hammer it.
  if (kind === 'answer') return false;
  // No answer at all, a 5xx, or a proxy saying "later"; a plain 4xx page will say the same again.
  return httpStatus === undefined || httpStatus >= 500 || httpStatus === 408 || httpStatus === 429 || httpStatus < 400;
}

/**
 * A request the client refused to send because WeChat would refuse it (a title over 32 characters,
 * a 2 MB article image). A bug or unchecked user input on our side: never retryable, nothing was sent.
 */
export class WechatInputError extends Error {
  override readonly name = 'WechatInputError';
  readonly retryable = false;

  constructor(
    readonly api: string,
    readonly field: string,
    reason: string,
  ) {
    super(`WeChat ${api}: ${field} ${reason}`);
  }
}
