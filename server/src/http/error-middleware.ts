import type { Middleware } from 'koa';
import { ERROR_CODES, type ErrorCode } from '@liangdian/shared';
import { AppError } from './app-error';
import type { AppState } from './context';

/** Status codes thrown by Koa, the body parser or the router, mapped to our codes. */
const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  501: 'METHOD_NOT_ALLOWED',
};

function classify(err: unknown): { code: ErrorCode; message: string; details?: unknown; expected: boolean } {
  if (err instanceof AppError) return { code: err.code, message: err.message, details: err.details, expected: true };
  const e = err as { status?: number; statusCode?: number; type?: string; expose?: boolean };
  const status = e?.status ?? e?.statusCode;
  if (e?.type === 'entity.parse.failed' || (status === 400 && err instanceof SyntaxError)) {
    return { code: 'INVALID_JSON', message: ERROR_CODES.INVALID_JSON.message, expected: true };
  }
  if (e?.type === 'entity.too.large') {
    return { code: 'PAYLOAD_TOO_LARGE', message: ERROR_CODES.PAYLOAD_TOO_LARGE.message, expected: true };
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = STATUS_CODES[status] ?? 'VALIDATION_FAILED';
    return { code, message: ERROR_CODES[code].message, expected: true };
  }
  return { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.message, expected: false };
}

/**
 * First in the chain: every failure becomes `{ error: { code, message, requestId } }`. Expected
 * errors show their message; anything else answers a generic 500 and goes to `app.on('error')`,
 * so no stack trace or SQL ever reaches a client.
 */
export function errorMiddleware(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api')) {
        throw new AppError('NOT_FOUND');
      }
    } catch (err) {
      const c = classify(err);
      ctx.status = ERROR_CODES[c.code].status;
      ctx.type = 'application/json';
      ctx.body = {
        error: {
          code: c.code,
          message: c.message,
          requestId: ctx.state.requestId,
          ...(c.details === undefined ? {} : { details: c.details }),
        },
      };
      if (c.code === 'METHOD_NOT_ALLOWED' && (err as { headers?: Record<string, string> }).headers?.Allow) {
        ctx.set('Allow', (err as { headers: Record<string, string> }).headers.Allow);
      }
      if (!c.expected) ctx.app.emit('error', err, ctx);
    }
  };
}
