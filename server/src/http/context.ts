import type { ParameterizedContext } from 'koa';
import type { Role } from '@liangdian/shared';
import type { Logger } from 'pino';

export interface AuthUser {
  id: number;
  name: string;
  roles: Role[];
  unitId: number | null;
}

export interface AppState {
  requestId: string;
  log: Logger;
  user?: AuthUser;
  /** Values parsed by `validate()`, typed by the route. */
  body?: unknown;
  query?: unknown;
  params?: unknown;
}

export type AppContext = ParameterizedContext<AppState>;
