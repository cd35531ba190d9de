import { cadreSearchQuerySchema, emptyRequestSchema, exportMonthQuerySchema, exportYearQuerySchema, subscriptionRequestSchema, type SubscriptionRequest } from '@liangdian/shared';
import type { z } from 'zod';
import { authenticate, requireRole } from '../../http/auth';
import type { AppContext } from '../../http/context';
import type { AppRouter } from '../../http/router';
import { validate } from '../../http/validate';
import type { AppServices } from '../../services';
import type { IdentityService } from '../identity/identity.service';
import { idParams } from '../reports/reports.controller';
import type { RoundsService } from '../rounds/rounds.service';
import { cadreFile } from './cadre-files';
import { searchCadres } from './cadre-search';
import { assessmentExport, ledgerExport, roundExport, type ExportFile } from './exports.service';
import type { RemindersService } from './reminders.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendFile(ctx: AppContext, f: ExportFile) {
  ctx.attachment(f.filename);
  ctx.type = XLSX;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = f.bytes;
}

/** The use of results (domain.md step 9): Excel exports, cadre files, subscribe-message reminders. */
export function resultsUseRoutes(router: AppRouter, s: AppServices, identity: IdentityService, rounds: RoundsService, reminders: RemindersService) {
  const auth = authenticate(s.tokens, (id) => identity.loadAuthUser(id));
  const byId = validate('params', idParams);
  const id = (ctx: { state: { params?: unknown } }) => (ctx.state.params as z.infer<typeof idParams>).id;
  // Who reads rankings and the assessment: as GET /rounds/:id/result and GET /assessment.
  const leaders = requireRole('office', 'leadingGroup', 'committee', 'groupLeader');

  router.get('/exports/ledger.xlsx', auth, requireRole('office'), validate('query', exportMonthQuerySchema), async (ctx) => {
    sendFile(ctx, await ledgerExport(s, (ctx.state.query as z.infer<typeof exportMonthQuerySchema>).month));
  });
  router.get('/exports/rounds/:id.xlsx', auth, leaders, byId, async (ctx) => {
    sendFile(ctx, await roundExport(s, rounds, id(ctx)));
  });
  router.get('/exports/assessment.xlsx', auth, leaders, validate('query', exportYearQuerySchema), async (ctx) => {
    sendFile(ctx, await assessmentExport(s, (ctx.state.query as z.infer<typeof exportYearQuerySchema>).year));
  });

  router.get('/me/cadre-file', auth, async (ctx) => {
    ctx.body = await cadreFile(s, ctx.state.user!, ctx.state.user!.id);
  });
  router.get('/users/:id/cadre-file', auth, byId, async (ctx) => {
    ctx.body = await cadreFile(s, ctx.state.user!, id(ctx));
  });
  router.get('/cadres', auth, requireRole('office'), validate('query', cadreSearchQuerySchema), async (ctx) => {
    ctx.body = await searchCadres(s, ctx.state.user!, ctx.state.query as z.infer<typeof cadreSearchQuerySchema>);
  });

  router.get('/me/subscriptions', auth, async (ctx) => {
    ctx.body = await reminders.subscriptions(ctx.state.user!);
  });
  router.post('/me/subscriptions', auth, validate('body', subscriptionRequestSchema), async (ctx) => {
    ctx.body = await reminders.subscribe(ctx.state.user!, ctx.state.body as SubscriptionRequest);
  });
  router.post('/reminders/run', auth, requireRole('office', 'admin'), validate('body', emptyRequestSchema), async (ctx) => {
    ctx.body = await reminders.run(ctx.state.user!);
  });
}
