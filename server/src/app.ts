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
import { BALLOT_PATH, publicVoteRoutes } from './modules/public-votes/public-votes.controller';
import { PublicVotesService } from './modules/public-votes/public-votes.service';
import { BulletinsService } from './modules/publication/bulletins.service';
import { ChannelsService } from './modules/publication/channels.service';
import { DeliveriesService } from './modules/publication/deliveries.service';
import { OutboxWorker } from './modules/publication/outbox-worker';
import { publicationRoutes } from './modules/publication/publication.controller';
import { RemindersService } from './modules/publication/reminders.service';
import { resultsUseRoutes } from './modules/publication/results-use.controller';
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
  /** This process's publication outbox worker: not started here (main.ts starts it; tests start it or call runOnce). */
  outbox: OutboxWorker;
  /** The reminder pass, for a scheduler (main.ts) to run. */
  reminders: RemindersService;
}

/** The Koa application over already opened services: no port, so tests drive `koa.callback()`. */
export function createApp(s: AppServices): App {
  // Behind a proxy, the client is the address our proxy appended last to X-Forwarded-For: anything
  // before it was sent by the client and may be forged.
  const koa = new Koa<AppState>({ proxy: s.config.trustProxy, maxIpsCount: s.config.trustProxy ? 1 : 0 });
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
  const rounds = new RoundsService(s, publicVotes);
  roundRoutes(api, s, identity, rounds);
  publicVoteRoutes(api, s, identity, publicVotes);
  const bulletins = new BulletinsService(s, rounds);
  const outbox = new OutboxWorker(s, bulletins);
  const deliveries = new DeliveriesService(s, () => outbox.wake());
  publicationRoutes(api, s, identity, { channels: new ChannelsService(s), bulletins, deliveries });
  const reminders = new RemindersService(s);
  resultsUseRoutes(api, s, identity, rounds, reminders);

  koa.use(requestLogger(s.logger));
  koa.use(errorMiddleware());
  const parseBody = bodyParser({
    enableTypes: ['json'],
    jsonLimit: s.config.limits.jsonBytes,
    // Our own code maps parse failures to INVALID_JSON; strict refuses bare scalars like `"x"`.
    onError: (err: Error) => {
      throw err;
    },
  });
  // The ballot route, the hottest of a public vote, reads its small body itself (see readSmallJson).
  koa.use((ctx, next) => (ctx.method === 'POST' && BALLOT_PATH.test(ctx.path) ? next() : parseBody(ctx, next)));
  koa.use(api.routes());
  koa.use(api.allowedMethods({ throw: true }));
  if (s.config.h5Dir) koa.use(serveH5(s.config.h5Dir));
  koa.on('error', (err, ctx) => {
    (ctx?.state?.log ?? s.logger).error({ err }, 'unhandled error');
  });
  return { koa, api, outbox, reminders };
}
