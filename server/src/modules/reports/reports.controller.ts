import {
  emptyRequestSchema,
  reportDraftSchema,
  reportKindSchema,
  reportListQuerySchema,
  returnRequestSchema,
  submitRequestSchema,
  type ReportDraft,
  type ReportListQuery,
  type ReturnRequest,
  type SubmitRequest,
} from '@liangdian/shared';
import { z } from 'zod';
import { authenticate, requireRole } from '../../http/auth';
import type { AppRouter } from '../../http/router';
import { validate } from '../../http/validate';
import type { AppServices } from '../../services';
import type { IdentityService } from '../identity/identity.service';
import { ReportsService } from './reports.service';

export const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }).strict();
type IdParams = z.infer<typeof idParams>;
const quotaQuery = z.object({ kind: reportKindSchema.default('report') }).strict();

export function reportRoutes(router: AppRouter, s: AppServices, identity: IdentityService, reports: ReportsService) {
  const auth = authenticate(s.tokens, (id) => identity.loadAuthUser(id));
  const byId = validate('params', idParams);
  const id = (ctx: { state: { params?: unknown } }) => (ctx.state.params as IdParams).id;

  router.get('/reports', auth, validate('query', reportListQuerySchema), async (ctx) => {
    ctx.body = await reports.list(ctx.state.user!, ctx.state.query as ReportListQuery);
  });
  router.post('/reports', auth, requireRole('reporter'), validate('body', reportDraftSchema), async (ctx) => {
    ctx.status = 201;
    ctx.body = await reports.create(ctx.state.user!, 'report', ctx.state.body as ReportDraft);
  });
  router.post('/recommendations', auth, requireRole('groupLeader'), validate('body', reportDraftSchema), async (ctx) => {
    ctx.status = 201;
    ctx.body = await reports.create(ctx.state.user!, 'recommendation', ctx.state.body as ReportDraft);
  });
  router.get('/quota', auth, requireRole('reporter', 'groupLeader'), validate('query', quotaQuery), async (ctx) => {
    ctx.body = await reports.quota(ctx.state.user!, (ctx.state.query as z.infer<typeof quotaQuery>).kind);
  });
  router.get('/reports/:id', auth, byId, async (ctx) => {
    ctx.body = await reports.get(ctx.state.user!, id(ctx));
  });
  // PUT too: wx.request has no PATCH. Both take the same partial draft.
  for (const method of ['patch', 'put'] as const) {
    router[method]('/reports/:id', auth, byId, validate('body', reportDraftSchema), async (ctx) => {
      ctx.body = await reports.update(ctx.state.user!, id(ctx), ctx.state.body as ReportDraft);
    });
  }
  router.post('/reports/:id/submit', auth, requireRole('reporter', 'groupLeader'), byId, validate('body', submitRequestSchema), async (ctx) => {
    ctx.body = await reports.submit(ctx.state.user!, id(ctx), ctx.state.body as SubmitRequest);
  });
  router.post('/reports/:id/sign-off', auth, requireRole('unitHead'), byId, validate('body', emptyRequestSchema), async (ctx) => {
    ctx.body = await reports.signOff(ctx.state.user!, id(ctx));
  });
  router.post('/reports/:id/return', auth, requireRole('unitHead', 'office'), byId, validate('body', returnRequestSchema), async (ctx) => {
    ctx.body = await reports.return(ctx.state.user!, id(ctx), (ctx.state.body as ReturnRequest).reason);
  });
  router.post('/reports/:id/receive', auth, requireRole('office'), byId, validate('body', emptyRequestSchema), async (ctx) => {
    ctx.body = await reports.receive(ctx.state.user!, id(ctx));
  });
  router.post('/reports/:id/withdraw', auth, byId, validate('body', emptyRequestSchema), async (ctx) => {
    ctx.body = await reports.withdraw(ctx.state.user!, id(ctx));
  });
}
