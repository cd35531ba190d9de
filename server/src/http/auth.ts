import type { Middleware } from 'koa';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Role } from '@liangdian/shared';
import { AppError } from './app-error';
import type { AppState, AuthUser } from './context';

export interface TokenService {
  /** `createdAt`: the account's sign-up time, carried in the token (claim `ca`) for the public vote's new-account signal. */
  issue(userId: number, opts?: { createdAt?: Date }): Promise<{ token: string; expiresAt: Date }>;
  verify(token: string): Promise<number | null>;
  /** The user id and, when the token carries it, the account's sign-up time. */
  verifyClaims(token: string): Promise<{ userId: number; createdAt: Date | null } | null>;
}

const ISSUER = 'liangdian';

export function tokenService(secret: string, ttlSeconds: number, now: () => number = Date.now): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async issue(userId, opts = {}) {
      const iat = Math.floor(now() / 1000);
      const exp = iat + ttlSeconds;
      const token = await new SignJWT(opts.createdAt ? { ca: Math.floor(opts.createdAt.getTime() / 1000) } : {})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(userId))
        .setIssuer(ISSUER)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    /**
     * HS256 checked with node's HMAC directly (the hottest code of a public vote: several times
     * cheaper than a general JOSE library): the header must name HS256 and nothing else, the
     * signature must match in constant time, the issuer must be ours and the token unexpired.
     */
    async verify(token) {
      return (await this.verifyClaims(token))?.userId ?? null;
    },
    async verifyClaims(token) {
      const parts = token.split('.');
      if (parts.length !== 3) return null;
      const [h, p, sig] = parts;
      try {
        const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
        if (header.alg !== 'HS256' || header.crit !== undefined || (header.typ !== undefined && header.typ !== 'JWT')) return null;
        const expected = createHmac('sha256', key).update(`${h}.${p}`).digest();
        const given = Buffer.from(sig, 'base64url');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
        const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
        const nowS = Math.floor(now() / 1000);
        if (payload.iss !== ISSUER || typeof payload.exp !== 'number' || payload.exp <= nowS) return null;
        if (typeof payload.nbf === 'number' && payload.nbf > nowS) return null;
        const id = Number(payload.sub);
        if (typeof payload.sub !== 'string' || !Number.isSafeInteger(id) || id <= 0) return null;
        return { userId: id, createdAt: typeof payload.ca === 'number' ? new Date(payload.ca * 1000) : null };
      } catch {
        return null;
      }
    },
  };
}

/**
 * Verifies the bearer token and loads the user with their current grants on every request, so a
 * role taken away takes effect at once, on every server process.
 */
export function authenticate(tokens: TokenService, loadUser: (id: number) => Promise<AuthUser | null>): Middleware<AppState> {
  return async (ctx, next) => {
    const header = ctx.get('Authorization');
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
    if (!match) throw new AppError('UNAUTHENTICATED');
    const userId = await tokens.verify(match[1]);
    const user = userId ? await loadUser(userId) : null;
    if (!user) throw new AppError('UNAUTHENTICATED', '登录已过期，请重新登录');
    ctx.state.user = user;
    await next();
  };
}

/** Passes when the user holds any of the roles. */
export function requireRole(...roles: Role[]): Middleware<AppState> {
  return async (ctx, next) => {
    const user = ctx.state.user;
    if (!user) throw new AppError('UNAUTHENTICATED');
    if (!roles.some((r) => user.roles.includes(r))) throw new AppError('FORBIDDEN');
    await next();
  };
}
