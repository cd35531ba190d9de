import { createHash } from 'node:crypto';

/** A cached access token and the refresh in flight, if any (WechatClient fills both). */
export interface TokenCache {
  token: { value: string; expiresAt: number } | null;
  refreshing: Promise<string> | null;
}

/**
 * One access-token cache per app in the process, shared by every client of that app: a forced
 * refresh invalidates the token before it, so two caches of one appid would keep knocking each
 * other's token out (and WeChat allows few forced refreshes a day). Keyed by the secret too (hashed,
 * so the key is safe to see): a client with a wrong secret must meet 40125, not borrow the token a
 * correctly configured one fetched.
 */
const tokenCaches = new Map<string, TokenCache>();

export function tokenCacheFor(s: { apiBase: string; appId: string; secret: string }): TokenCache {
  const key = [s.apiBase, s.appId, createHash('sha256').update(s.secret).digest('hex')].join('\n');
  let cache = tokenCaches.get(key);
  if (!cache) tokenCaches.set(key, (cache = { token: null, refreshing: null }));
  return cache;
}
