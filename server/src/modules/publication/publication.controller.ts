import {
  bulletinEditRequestSchema,
  channelCreateRequestSchema,
  channelUpdateRequestSchema,
  emptyRequestSchema,
  publishRequestSchema,
  type BulletinEditRequest,
  type ChannelCreateRequest,
  type ChannelUpdateRequest,
  type PublishRequest,
} from '@liangdian/shared';
import { z } from 'zod';
import { authenticate, requireRole } from '../../http/auth';
import type { AppRouter } from '../../http/router';
import { validate } from '../../http/validate';
import type { AppServices } from '../../services';
import type { IdentityService } from '../identity/identity.service';
import { idParams } from '../reports/reports.controller';
import type { BulletinsService } from './bulletins.service';
import type { ChannelsService } from './channels.service';
import type { DeliveriesService } from './deliveries.service';

const photoParams = z.object({ id: idParams.shape.id, evidenceId: idParams.shape.id }).strict();
const photoQuery = z.object({ exp: z.coerce.number().int().positive(), sig: z.string().max(64) }).strict();

/** Channels, bulletins and their deliveries: the office's publication desk (domain.md step 8). */
export function publicationRoutes(
  router: AppRouter,
  s: AppServices,
  identity: IdentityService,
  svc: { channels: ChannelsService; bulletins: BulletinsService; deliveries: DeliveriesService },
) {
  const auth = authenticate(s.tokens, (id) => identity.loadAuthUser(id));
  const office = requireRole('office');
  const byId = validate('params', idParams);
  const id = (ctx: { state: { params?: unknown } }) => (ctx.state.params as z.infer<typeof idParams>).id;
  const { channels, bulletins, deliveries } = svc;

  router.get('/publication/channels', auth, office, async (ctx) => {
    ctx.body = await channels.list();
  });
  router.post('/publication/channels', auth, office, validate('body', channelCreateRequestSchema), async (ctx) => {
    ctx.status = 201;
    ctx.body = await channels.create(ctx.state.user!, ctx.state.body as ChannelCreateRequest);
  });
  router.put('/publication/channels/:id', auth, office, byId, validate('body', channelUpdateRequestSchema), async (ctx) => {
    ctx.body = await channels.update(ctx.state.user!, id(ctx), ctx.state.body as ChannelUpdateRequest);
  });

  router.post('/rounds/:id/bulletin', auth, office, byId, validate('body', emptyRequestSchema), async (ctx) => {
    const { bulletin, created } = await bulletins.create(ctx.state.user!, id(ctx));
    ctx.status = created ? 201 : 200;
    ctx.body = bulletin;
  });
  router.get('/bulletins', auth, office, async (ctx) => {
    ctx.body = await bulletins.list();
  });
  router.get('/bulletins/:id', auth, office, byId, async (ctx) => {
    ctx.body = await bulletins.get(id(ctx));
  });
  router.put('/bulletins/:id', auth, office, byId, validate('body', bulletinEditRequestSchema), async (ctx) => {
    ctx.body = await bulletins.edit(ctx.state.user!, id(ctx), ctx.state.body as BulletinEditRequest);
  });
  router.get('/bulletins/:id/docx', auth, office, byId, async (ctx) => {
    const { filename, bytes } = await bulletins.docx(id(ctx));
    ctx.attachment(filename);
    ctx.type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = bytes;
  });
  router.get('/bulletins/:id/article', auth, office, byId, async (ctx) => {
    const html = await bulletins.article(id(ctx));
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    // The preview is our own markup with escaped text: no script runs, even opened in a browser.
    ctx.set('Content-Security-Policy', "default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'");
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"></head><body style="margin:0;padding:16px">${html}</body></html>`;
  });
  // Signed links, no token: an <img> in the preview cannot send the Authorization header.
  router.get('/bulletins/:id/photos/:evidenceId', validate('params', photoParams), validate('query', photoQuery), async (ctx) => {
    const p = ctx.state.params as z.infer<typeof photoParams>;
    const q = ctx.state.query as z.infer<typeof photoQuery>;
    ctx.body = await bulletins.photo(p.id, p.evidenceId, q.exp, q.sig);
    ctx.type = 'image/jpeg';
    ctx.set('Cache-Control', 'private, max-age=3600');
    ctx.set('X-Content-Type-Options', 'nosniff');
  });
  router.post('/bulletins/:id/publish', auth, office, byId, validate('body', publishRequestSchema), async (ctx) => {
    ctx.body = await deliveries.publish(ctx.state.user!, id(ctx), ctx.state.body as PublishRequest);
  });
  router.get('/bulletins/:id/deliveries', auth, office, byId, async (ctx) => {
    ctx.body = await deliveries.list(id(ctx));
  });
  router.post('/deliveries/:id/retry', auth, office, byId, validate('body', emptyRequestSchema), async (ctx) => {
    ctx.body = await deliveries.retry(ctx.state.user!, id(ctx));
  });
}
