/**
 * Mini-program subscribe messages (platform-notes.md, "Subscribe messages"): one message per accepted
 * one-time subscription; WeChat refuses a user who did not accept (or took it back) with 43101.
 */

export interface SubscribeMessage {
  /** The recipient's openid in the mini-program. */
  touser: string;
  templateId: string;
  /** The mini-program page the message opens, e.g. `pages/report/index?id=3`. */
  page?: string;
  /** Template keyword → value, e.g. `{ thing1: '第三季度评比', time2: '2026-11-03 18:00' }`. */
  data: Record<string, string>;
  /** developer / trial builds for testing; formal (the released version) by default. */
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

/** `thing` keywords take at most 20 characters (a Chinese character is one). */
export const THING_MAX = 20;

/**
 * `thing` values longer than WeChat allows are shortened to 19 characters and "…" rather than
 * refused: they carry our titles (a highlight's, a round's), which may be longer, and a shortened
 * notice is worth more than none. Other keyword types are sent as they are.
 */
export function toWireData(data: Record<string, string>): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [key, value] of Object.entries(data)) {
    const cps = [...value];
    out[key] = { value: /^thing\d+$/.test(key) && cps.length > THING_MAX ? cps.slice(0, THING_MAX - 1).join('') + '…' : value };
  }
  return out;
}
