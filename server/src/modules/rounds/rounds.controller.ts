import { openAnnualRequestSchema, publicCountsRequestSchema, type OpenAnnualRequest, type PublicCountsRequest, assignAssessorRequestSchema, openQuarterRequestSchema, scoreSheetRequestSchema, type AssignAssessorRequest, type OpenQuarterRequest, type ScoreSheetRequest, pageQuerySchema, ballotRequestSchema, decideRequestSchema, emptyRequestSchema, openRoundRequestSchema, type BallotRequest, type DecideRequest, type OpenRoundRequest } from '@liangdian/shared';
import { z } from 'zod';
import { authenticate, requireRole } from '../../http/auth';
import type { AppRouter } from '../../http/router';
import { validate } from '../../http/validate';
import type { AppServices } from '../../services';
import type { IdentityService } from '../identity/identity.service';
import { idParams } from '../reports/reports.controller';
import type { RoundsService } from './rounds.service';
import { yearAssessment } from './assessment.service';

const sheetParams = z.object({ id: idParams.shape.id, entryId: idParams.shape.id }).strict();
const yearQuery = z.object({ year: z.string().regex(/^\d{4}$/) }).strict();
const monthQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }).strict();

export function roundRoutes(router: AppRouter, s: AppServices, identity: IdentityService, rounds: RoundsService) {
  const auth = authenticate(s.tokens, (id) => identity.loadAuthUser(id));
  const byId = validate('params', idParams);
  const id = (ctx: { state: { params?: unknown } }) => (ctx.state.params as z.infer<typeof idParams>).id;
  // Who reads rounds and rankings: the office and the county's leaders.
  const members = requireRole('office', 'leadingGroup', 'committee', 'groupLeader');

  router.post('/rounds', auth, requireRole('office'), validate('body', openRoundRequestSchema), async (ctx) => {
    ctx.status = 201;
    ctx.body = await rounds.open(ctx.state.user!, ctx.state.body as OpenRoundRequest);
  });
  router.get('/assessment', auth, requireRole('office', 'leadingGroup', 'committee', 'groupLeader'), validate('query', yearQuery), async (ctx) => {
    ctx.body = await yearAssessment(s, (ctx.state.query as z.infer<typeof yearQuery>).year);
  });
  router.get('/assessors', auth, requireRole('office'), async (ctx) => {
    ctx.body = { items: await rounds.quarterly.assessors() };
  });
  router.post('/rounds/quarterly', auth, requireRole('office'), validate('body', openQuarterRequestSchema), async (ctx) => {
    ctx.status = 201;
    ctx.body = await rounds.openQuarter(ctx.state.user!, ctx.state.body as OpenQuarterRequest);
  });
  router.post('/rounds/:id/assignments', auth, requireRole('office'), byId, validate('body', assignAssessorRequestSchema), async (ctx) => {
    await rounds.quarterly.assign(ctx.state.user!, id(ctx), ctx.state.body as AssignAssessorRequest);
    ctx.status = 204;
  });
  router.get('/my-rounds', auth, requireRole('assessor'), async (ctx) => {
    ctx.body = await rounds.quarterly.myRounds(ctx.state.user!);
  });
  router.get('/rounds/:id/my-items', auth, requireRole('assessor'), byId, async (ctx) => {
    ctx.body = await rounds.quarterly.myItems(ctx.state.user!, id(ctx));
  });
  router.put('/rounds/:id/sheets/:entryId', auth, requireRole('assessor'), validate('params', sheetParams), validate('body', scoreSheetRequestSchema), async (ctx) => {
    const p = ctx.state.params as z.infer<typeof sheetParams>;
    ctx.body = await rounds.quarterly.submitSheet(ctx.state.user!, p.id, p.entryId, ctx.state.body as ScoreSheetRequest);
  });
  router.get('/rounds', auth, members, validate('query', pageQuerySchema), async (ctx) => {
    const q = ctx.state.query as z.infer<typeof pageQuerySchema>;
    ctx.body = await rounds.list(q.page, q.pageSize);
  });
  router.get('/rounds/:id', auth, members, byId, async (ctx) => {
    ctx.body = await rounds.get(ctx.state.user!, id(ctx));
  });
  router.post('/rounds/annual', auth, requireRole('office'), validate('body', openAnnualRequestSchema), async (ctx) => {
    ctx.status = 201;
    ctx.body = await rounds.openAnnual(ctx.state.user!, ctx.state.body as OpenAnnualRequest);
  });
  router.put('/rounds/:id/public-counts', auth, requireRole('office'), byId, validate('body', publicCountsRequestSchema), async (ctx) => {
    ctx.body = await rounds.setPublicCounts(ctx.state.user!, id(ctx), ctx.state.body as PublicCountsRequest);
  });
  router.put('/rounds/:id/ballot', auth, requireRole('leadingGroup', 'committee'), byId, validate('body', ballotRequestSchema), async (ctx) => {
    ctx.body = await rounds.ballot(ctx.state.user!, id(ctx), ctx.state.body as BallotRequest);
  });
  router.post('/rounds/:id/close', auth, requireRole('office'), byId, validate('body', emptyRequestSchema), async (ctx) => {
    ctx.body = await rounds.close(ctx.state.user!, id(ctx));
  });
  router.post('/rounds/:id/decide', auth, requireRole('office'), byId, validate('body', decideRequestSchema), async (ctx) => {
    ctx.body = await rounds.decide(ctx.state.user!, id(ctx), ctx.state.body as DecideRequest);
  });
  router.get('/rounds/:id/result', auth, members, byId, async (ctx) => {
    ctx.body = await rounds.result(id(ctx));
  });
  router.get('/highlights', auth, validate('query', monthQuery), async (ctx) => {
    ctx.body = await rounds.highlights((ctx.state.query as z.infer<typeof monthQuery>).month);
  });
}
