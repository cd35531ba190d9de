import {
  assignInspectorRequestSchema,
  distinctRequestSchema,
  inspectionRequestSchema,
  ledgerQuerySchema,
  mergeRequestSchema,
  type AssignInspectorRequest,
  type DistinctRequest,
  type InspectionRequest,
  type LedgerQuery,
  type MergeRequest,
} from '@liangdian/shared';
import { z } from 'zod';
import { authenticate, requireRole } from '../../http/auth';
import type { AppRouter } from '../../http/router';
import { validate } from '../../http/validate';
import type { AppServices } from '../../services';
import type { IdentityService } from '../identity/identity.service';
import { idParams } from '../reports/reports.controller';
import type { LedgerService } from './ledger.service';

const catalogQuery = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(100),
  })
  .strict();

export function ledgerRoutes(router: AppRouter, s: AppServices, identity: IdentityService, ledger: LedgerService) {
  const office = [authenticate(s.tokens, (id) => identity.loadAuthUser(id)), requireRole('office')] as const;
  const byId = validate('params', idParams);
  const id = (ctx: { state: { params?: unknown } }) => (ctx.state.params as z.infer<typeof idParams>).id;

  router.get('/ledger', ...office, validate('query', ledgerQuerySchema), async (ctx) => {
    ctx.body = await ledger.list(ctx.state.query as LedgerQuery);
  });
  // Before '/ledger/:id', which would take "inspectors" for an id.
  router.get('/ledger/inspectors', ...office, async (ctx) => {
    ctx.body = { items: await ledger.inspectors() };
  });
  router.get('/ledger/:id', ...office, byId, async (ctx) => {
    ctx.body = await ledger.get(id(ctx));
  });
  router.post('/ledger/:id/merge', ...office, byId, validate('body', mergeRequestSchema), async (ctx) => {
    ctx.body = await ledger.merge(ctx.state.user!, id(ctx), ctx.state.body as MergeRequest);
  });
  router.post('/ledger/:id/distinct', ...office, byId, validate('body', distinctRequestSchema), async (ctx) => {
    ctx.body = await ledger.distinct(ctx.state.user!, id(ctx), ctx.state.body as DistinctRequest);
  });
  router.post('/ledger/:id/inspector', ...office, byId, validate('body', assignInspectorRequestSchema), async (ctx) => {
    ctx.body = await ledger.assignInspector(ctx.state.user!, id(ctx), ctx.state.body as AssignInspectorRequest);
  });
  router.post('/ledger/:id/inspection', ...office, byId, validate('body', inspectionRequestSchema), async (ctx) => {
    ctx.body = await ledger.inspect(ctx.state.user!, id(ctx), ctx.state.body as InspectionRequest);
  });
  router.get('/catalog', authenticate(s.tokens, (i) => identity.loadAuthUser(i)), requireRole('office', 'leadingGroup'), validate('query', catalogQuery), async (ctx) => {
    const q = ctx.state.query as z.infer<typeof catalogQuery>;
    ctx.body = await ledger.catalog(q.month, q.page, q.pageSize);
  });
}
