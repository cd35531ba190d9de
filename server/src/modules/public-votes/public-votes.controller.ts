import {
  ballotDecisionRequestSchema,
  createPublicVoteRequestSchema,
  emptyRequestSchema,
  flaggedQuerySchema,
  publicBallotRequestSchema,
  type BallotDecisionRequest,
  type CreatePublicVoteRequest,
  type FlaggedQuery,
  type PublicBallotRequest,
} from '@liangdian/shared';
import type { Middleware } from 'koa';
import { z } from 'zod';
import { AppError } from '../../http/app-error';
import { authenticate, requireRole } from '../../http/auth';
import type { AppState } from '../../http/context';
import type { AppRouter } from '../../http/router';
import { validate } from '../../http/validate';
import type { AppServices } from '../../services';
import type { IdentityService } from '../identity/identity.service';
import { idParams } from '../reports/reports.controller';
import type { PublicVotesService } from './public-votes.service';

const candidateParams = z.object({ id: idParams.shape.id, cid: idParams.shape.id }).strict();
/** The ballot route's path; the app's general body parser leaves it to `readSmallJson`. */
export const BALLOT_PATH = /^\/api\/public-votes\/[^/]+\/ballots\/?$/;
const BALLOT_BODY_BYTES = 4096;

/**
 * Reads a small JSON body (a ballot is a few dozen bytes) without the general parser's machinery;
 * the same answers as the parser: 415 for another type, 413 past the limit, INVALID_JSON.
 */
const readSmallJson: Middleware<AppState> = async (ctx, next) => {
  if (!ctx.is('application/json')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 JSON 提交');
  const declared = Number(ctx.get('Content-Length') || 0);
  if (declared > BALLOT_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BALLOT_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
    chunks.push(chunk);
  }
  try {
    (ctx.request as { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('INVALID_JSON');
  }
  await next();
};
const DEVICE_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The public vote's routes. Reading a vote and its results needs no sign-in (the TV station's
 * screen reads them); a ballot needs a bearer token, checked without a database read (the voter's
 * row is read in batches by the service); the office reviews flagged ballots and recounts.
 */
export function publicVoteRoutes(router: AppRouter, s: AppServices, identity: IdentityService, votes: PublicVotesService) {
  const auth = authenticate(s.tokens, (id) => identity.loadAuthUser(id));
  const office = requireRole('office', 'admin');
  const byId = validate('params', idParams);
  const id = (ctx: { state: { params?: unknown } }) => (ctx.state.params as z.infer<typeof idParams>).id;

  /** Signed in when a token is sent (a bad one is refused), anonymous otherwise. */
  const maybeAuth: Middleware<AppState> = async (ctx, next) => (ctx.get('Authorization') ? auth(ctx, next) : next());

  /** The token alone names the voter: no per-request database read on the hottest route. */
  const voterToken: Middleware<AppState> = async (ctx, next) => {
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(ctx.get('Authorization'));
    const claims = match ? await s.tokens.verifyClaims(match[1]) : null;
    if (!claims) throw new AppError('UNAUTHENTICATED', '请先登录后投票');
    ctx.state.user = { id: claims.userId, name: '', roles: [], unitId: null };
    (ctx.state as { voterCreatedAt?: Date | null }).voterCreatedAt = claims.createdAt;
    await next();
  };

  router.get('/public-votes', async (ctx) => {
    ctx.body = await votes.list();
  });
  router.post('/public-votes', auth, office, validate('body', createPublicVoteRequestSchema), async (ctx) => {
    ctx.status = 201;
    ctx.body = await votes.create(ctx.state.user!, ctx.state.body as CreatePublicVoteRequest);
  });
  router.get('/public-votes/:id', byId, async (ctx) => {
    ctx.body = await votes.detail(id(ctx));
  });
  router.get('/public-votes/:id/candidates/:cid/photo', validate('params', candidateParams), async (ctx) => {
    const p = ctx.state.params as z.infer<typeof candidateParams>;
    ctx.body = await votes.photo(p.id, p.cid);
    ctx.type = 'image/jpeg';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.set('X-Content-Type-Options', 'nosniff');
  });
  router.get('/public-votes/:id/results', byId, maybeAuth, async (ctx) => {
    ctx.body = await votes.resultsFor(id(ctx), ctx.state.user ?? null);
    ctx.set('Cache-Control', 'no-store');
  });
  router.get('/public-votes/:id/my-ballots', auth, byId, async (ctx) => {
    ctx.body = await votes.myBallots(ctx.state.user!.id, id(ctx));
  });
  router.post('/public-votes/:id/ballots', voterToken, byId, readSmallJson, validate('body', publicBallotRequestSchema), async (ctx) => {
    const device = ctx.get('X-Device-Id');
    ctx.body = await votes.cast({
      voteId: id(ctx),
      voterId: ctx.state.user!.id,
      voterCreatedAt: (ctx.state as { voterCreatedAt?: Date | null }).voterCreatedAt ?? null,
      candidateIds: (ctx.state.body as PublicBallotRequest).candidateIds,
      ip: (ctx.ip || 'unknown').slice(0, 45),
      device: DEVICE_ID.test(device) ? device : null,
    });
  });
  router.get('/public-votes/:id/flagged', auth, office, byId, validate('query', flaggedQuerySchema), async (ctx) => {
    ctx.body = await votes.flagged(id(ctx), ctx.state.query as FlaggedQuery);
  });
  router.post('/public-votes/:id/decisions', auth, requireRole('office'), byId, validate('body', ballotDecisionRequestSchema), async (ctx) => {
    ctx.body = await votes.decide(ctx.state.user!, id(ctx), ctx.state.body as BallotDecisionRequest);
  });
  router.post('/public-votes/:id/recount', auth, office, byId, validate('body', emptyRequestSchema), async (ctx) => {
    ctx.body = await votes.recount(ctx.state.user!, id(ctx));
  });
}
