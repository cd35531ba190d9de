import type { Middleware } from 'koa';
import type { z } from 'zod';
import { AppError } from './app-error';
import type { AppState } from './context';

type Part = 'body' | 'query' | 'params';

function issuesOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
}

/**
 * Parses one part of the request with a shared zod schema; the parsed value lands in
 * `ctx.state[part]`. Unknown fields fail when the schema is strict, as all request schemas are.
 */
export function validate(part: Part, schema: z.ZodTypeAny): Middleware<AppState> {
  return async (ctx, next) => {
    const raw =
      part === 'body' ? (ctx.request as { body?: unknown }).body ?? {} : part === 'query' ? ctx.query : (ctx as unknown as { params: unknown }).params;
    const result = schema.safeParse(raw);
    if (!result.success) throw new AppError('VALIDATION_FAILED', undefined, { part, issues: issuesOf(result.error) });
    ctx.state[part] = result.data;
    await next();
  };
}
