import type { ContentCheck } from '@liangdian/shared';
import { AppError } from '../../http/app-error';
import type { AppServices } from '../../services';

/** msg_sec_check takes at most 2,500 characters a call. */
const CHUNK = 2500;

/**
 * Runs the report's text through WeChat's content security check. `risky` refuses the submission
 * (nothing is saved); `review` lets it through marked for the office to look at. Without WeChat
 * credentials the check is skipped, and when WeChat cannot answer the item is marked for review:
 * both are shown on the report, never silent.
 */
export async function checkContent(s: AppServices, openid: string | null, parts: (string | null | undefined)[]): Promise<ContentCheck> {
  if (!s.wechat) return 'skipped';
  if (!openid) return 'unavailable';
  const text = parts.filter((p): p is string => Boolean(p?.trim())).join('\n');
  let worst: ContentCheck = 'pass';
  for (let i = 0; i < text.length; i += CHUNK) {
    try {
      const { suggest, label } = await s.wechat.msgSecCheck({ openid, scene: 1, content: text.slice(i, i + CHUNK) });
      if (suggest === 'risky') throw new AppError('CONTENT_RISKY', undefined, { label });
      if (suggest === 'review') worst = 'review';
    } catch (e) {
      if (e instanceof AppError) throw e;
      s.logger.warn({ err: (e as Error).message }, 'msg_sec_check failed; item marked for review');
      return 'unavailable';
    }
  }
  return worst;
}
