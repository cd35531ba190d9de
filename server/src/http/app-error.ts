import { ERROR_CODES, type ErrorCode } from '@liangdian/shared';

/** An expected failure: its status and code come from the one list in shared/errors.ts. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.status = ERROR_CODES[code].status;
  }
}

export const notFound = (message?: string) => new AppError('NOT_FOUND', message);
export const forbidden = (message?: string) => new AppError('FORBIDDEN', message);
export const conflict = (message?: string, details?: unknown) => new AppError('CONFLICT', message, details);
