import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';
import type { AppState } from './context';

/**
 * Serves the H5 build of the mini-program at `/` (everything outside `/api`). Hashed assets are
 * cached for a year; index.html never, so a deploy is picked up at once.
 */
export function serveH5(root: string): Middleware<AppState> {
  const index = path.join(root, 'index.html');
  return async (ctx, next) => {
    if (ctx.path.startsWith('/api') || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    if (!existsSync(index)) {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'H5 版本尚未构建：请运行 npm run build';
      return;
    }
    try {
      const file = ctx.path === '/' ? 'index.html' : ctx.path.slice(1);
      await send(ctx, file, { root, hidden: false, index: 'index.html' });
      if (file.endsWith('.html')) ctx.set('Cache-Control', 'no-cache');
      else if (/\.[0-9a-f]{8,}\./.test(file)) ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    } catch (e) {
      if ((e as { status?: number }).status !== 404) throw e;
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'Not Found';
    }
  };
}
