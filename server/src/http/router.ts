import Router from '@koa/router';
import type { AppState } from './context';

export type AppRouter = Router<AppState>;

export function createRouter(prefix?: string): AppRouter {
  return new Router<AppState>(prefix ? { prefix } : undefined);
}
