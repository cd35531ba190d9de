import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { authRoutes } from './modules/identity/auth.controller';
import { adminRoutes } from './modules/admin-import/import.controller';
import { IdentityService } from './modules/identity/identity.service';
import { systemRoutes } from './modules/system/system.controller';
import { reportRoutes } from './modules/reports/reports.controller';
import { ReportsService } from './modules/reports/reports.service';
import { evidenceRoutes } from './modules/reports/evidence.controller';
import { ledgerRoutes } from './modules/ledger/ledger.controller';
import { LedgerService } from './modules/ledger/ledger.service';
import { inspectionPhotoRoutes } from './modules/ledger/inspection-photos.controller';
import { roundRoutes } from './modules/rounds/rounds.controller';
import { RoundsService } from './modules/rounds/rounds.service';
import { publicVoteRoutes } from './modules/public-votes/public-votes.controller';
import { PublicVotesService } from './modules/public-votes/public-votes.service';
import type { AppState } from './http/context';
import { errorMiddleware } from './http/error-middleware';
import { requestLogger } from './http/request-logger';
import { createRouter, type AppRouter } from './http/router';
import { serveH5 } from './http/static-h5';
import type { AppServices } from './services';

export interface App {
  koa: Koa<AppState>;
  /** The API router, exposed so the authorization suite can check that it covers every route. */
  api: AppRouter;
}

/** The Koa application over already opened services: no port, so tests drive `koa.callback()`. */
export function createApp(s: AppServices): App {
  const koa = new Koa<AppState>({ proxy: s.config.trustProxy });
  const identity = new IdentityService(s.db);
  const api = createRouter('/api');
  systemRoutes(api, s, identity);
  authRoutes(api, s, identity);
  adminRoutes(api, s, identity);
  const ledger = new LedgerService(s);
  const reports = new ReportsService(s, ledger);
  reportRoutes(api, s, identity, reports);
  evidenceRoutes(api, s, identity, reports);
  ledgerRoutes(api, s, identity, ledger);
  inspectionPhotoRoutes(api, s, identity);
  const publicVotes = new PublicVotesService(s);
  roundRoutes(api, s, identity, new RoundsService(s, publicVotes));
  publicVoteRoutes(api, s, identity, publicVotes);

  koa.use(requestLogger(s.logger));
  koa.use(errorMiddleware());
  koa.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: s.config.limits.jsonBytes,
      // Our own code maps parse failures to INVALID_JSON; strict refuses bare scalars like `"x"`.
      onError: (err: Error) => {
        throw err;
      },
    }),
  );
  koa.use(api.routes());
  koa.use(api.allowedMethods({ throw: true }));
  if (s.config.h5Dir) koa.use(serveH5(s.config.h5Dir));
  koa.on('error', (err, ctx) => {
    (ctx?.state?.log ?? s.logger).error({ err }, 'unhandled error');
  });
  return { koa, api };
}
