import {
  bindPhoneRequestSchema,
  devLoginRequestSchema,
  wechatLoginRequestSchema,
  type BindPhoneRequest,
  type DevLoginRequest,
  type LoginResponse,
  type WechatLoginRequest,
} from '@liangdian/shared';
import { AppError } from '../../http/app-error';
import { authenticate } from '../../http/auth';
import { rateLimit } from '../../http/rate-limit';
import type { AppRouter } from '../../http/router';
import { validate } from '../../http/validate';
import type { AppServices } from '../../services';
import { WechatError } from '../../wechat/wechat-client';
import { DEMO_USERS } from '../../demo/demo-data';
import { IdentityService, toUserView } from './identity.service';
import type { UserEntity } from '../../db/entities';

function wechatFailure(e: unknown): AppError {
  if (!(e instanceof WechatError)) return new AppError('WECHAT_UNAVAILABLE');
  if (e.errcode === 40029 || e.errcode === 40163 || e.errcode === 40125) return new AppError('WECHAT_CODE_INVALID');
  if (e.errcode === 40226) return new AppError('WECHAT_USER_BLOCKED');
  if (e.errcode === 45011) return new AppError('RATE_LIMITED');
  return new AppError('WECHAT_UNAVAILABLE');
}

export function authRoutes(router: AppRouter, s: AppServices, identity: IdentityService) {
  const signIn = async (user: UserEntity): Promise<LoginResponse> => {
    const { token, expiresAt } = await s.tokens.issue(user.id, { createdAt: user.createdAt });
    return { token, expiresAt: expiresAt.toISOString(), user: toUserView(user) };
  };
  const auth = authenticate(s.tokens, (id) => identity.loadAuthUser(id));
  const signInLimit = rateLimit(s, 'sign-in', { points: s.config.loginRateLimit, durationSeconds: 60 });

  router.post('/auth/wechat-login', signInLimit, validate('body', wechatLoginRequestSchema), async (ctx) => {
    if (!s.wechat) throw new AppError('WECHAT_NOT_CONFIGURED');
    const { code } = ctx.state.body as WechatLoginRequest;
    let openid: string;
    try {
      openid = (await s.wechat.code2Session(code)).openid;
    } catch (e) {
      ctx.state.log.warn({ err: e }, 'jscode2session failed');
      throw wechatFailure(e);
    }
    ctx.body = await signIn(await identity.findOrCreateByOpenid(openid));
  });

  router.post('/me/phone', auth, signInLimit, validate('body', bindPhoneRequestSchema), async (ctx) => {
    if (!s.wechat) throw new AppError('WECHAT_NOT_CONFIGURED');
    const { code } = ctx.state.body as BindPhoneRequest;
    let phone: string;
    try {
      phone = (await s.wechat.getPhoneNumber(code)).purePhoneNumber;
    } catch (e) {
      ctx.state.log.warn({ err: e }, 'getuserphonenumber failed');
      throw wechatFailure(e);
    }
    // Binding may move the caller onto the cadre's row: answer with a token for the row they now are.
    ctx.body = await signIn(await identity.bindPhone(ctx.state.user!.id, phone));
  });

  router.get('/me', auth, async (ctx) => {
    ctx.body = toUserView((await identity.getUser(ctx.state.user!.id))!);
  });

  // The development login exists only when DEV_LOGIN=1; otherwise these paths are plain 404s.
  if (s.config.devLogin) {
    router.post('/auth/dev-login', signInLimit, validate('body', devLoginRequestSchema), async (ctx) => {
      const { openid } = ctx.state.body as DevLoginRequest;
      ctx.body = await signIn(await identity.findOrCreateByOpenid(openid));
    });
    // Lists the demo users present in this database, with their roles as stored.
    router.get('/auth/dev-users', async (ctx) => {
      const users = await identity.usersByOpenid(DEMO_USERS.map((u) => u.openid));
      ctx.body = { items: users.map((u) => ({ openid: u.openid!, name: u.name, roles: toUserView(u).roles, unitName: u.unit?.name ?? null })) };
    });
  }
}
