import { StorageNotFound } from '../evidence/file-storage';
import { WechatError, WechatInputError } from '../../wechat/wechat-client';

/**
 * Why a push failed, in words for the office, and what may follow: `transient` — the outbox tries
 * again with backoff; `officeRetryable` — once failed, the office may send it again after fixing the
 * cause (never when something may already have gone out).
 */
export class PushError extends Error {
  override readonly name = 'PushError';
  constructor(
    readonly reason: string,
    readonly transient: boolean,
    readonly officeRetryable: boolean,
  ) {
    super(reason);
  }
}

export interface Failure {
  reason: string;
  transient: boolean;
  officeRetryable: boolean;
}

/** WeChat errcodes the office can act on, in its words (platform-notes.md; the OA admin console's names). */
const WECHAT_REASONS: Record<number, string> = {
  [-1]: '微信系统繁忙',
  40001: '公众号的access_token无效',
  40007: '素材、草稿或发布编号无效',
  40013: '公众号AppID无效，请在发布渠道中更正',
  40125: '公众号AppSecret错误，请在发布渠道中更正',
  40164: '服务器IP不在公众号的IP白名单中，请在公众号后台添加',
  41001: '缺少access_token',
  42001: '公众号的access_token已过期',
  45002: '正文超过微信的长度限制',
  45003: '标题超过微信的长度限制',
  45004: '摘要超过微信的长度限制',
  45009: '公众号今日接口调用次数已用完',
  45011: '接口调用太频繁',
  45110: '作者超过微信的长度限制',
  48001: '公众号没有该接口的权限（发布接口需已认证的公众号）',
  53503: '该草稿未通过发布检查',
};

const clip = (s: string, n = 480) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function describeFailure(e: unknown): Failure {
  if (e instanceof PushError) return { reason: clip(e.reason), transient: e.transient, officeRetryable: e.officeRetryable };
  if (e instanceof WechatInputError) {
    // Our content broke a WeChat limit before anything was sent: a retry would send the same content.
    return { reason: clip(`内容不符合微信要求（${e.field}）：${e.message}`), transient: false, officeRetryable: false };
  }
  if (e instanceof WechatError) {
    const known = WECHAT_REASONS[e.errcode];
    const reason =
      e.kind === 'transport'
        ? `无法连接微信服务器（${e.api}：${e.errmsg}）`
        : e.kind === 'answer'
          ? `微信的应答不完整（${e.api}：${e.errmsg}）`
          : `${known ?? '微信接口返回错误'}（${e.api} ${e.errcode}${known ? '' : `：${e.errmsg}`}）`;
    return { reason: clip(reason), transient: e.retryable, officeRetryable: true };
  }
  if (e instanceof StorageNotFound) return { reason: '通报中的照片文件缺失', transient: false, officeRetryable: true };
  // Our own trouble (the database, storage): worth another try later.
  return { reason: clip(`服务器内部错误：${e instanceof Error ? e.message : String(e)}`), transient: true, officeRetryable: true };
}
