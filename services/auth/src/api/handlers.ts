import type { RouterMiddleware } from '@koa/router';
import { requireCaller } from '@shop/service-kit';
import { logIn } from '../domain/log-in';
import { logOut } from '../domain/log-out';
import { refreshSession } from '../domain/refresh-session';
import { registerUser, type RegisterDeps } from '../domain/register-user';
import type { SessionDeps } from '../domain/session';
import { LoginBody, RefreshTokenBody, RegisterBody } from './request-bodies';

export type AuthDeps = RegisterDeps & SessionDeps;

export function authHandlers(deps: AuthDeps): Record<'register' | 'login' | 'refresh' | 'logout' | 'jwks', RouterMiddleware> {
  return {
    register: async (ctx) => {
      const body = RegisterBody.parse(ctx.request.body);
      ctx.status = 201;
      ctx.body = await registerUser(body, deps);
    },
    login: async (ctx) => {
      const body = LoginBody.parse(ctx.request.body);
      ctx.body = await logIn(body, deps);
    },
    refresh: async (ctx) => {
      const body = RefreshTokenBody.parse(ctx.request.body);
      ctx.body = await refreshSession(body.refreshToken, deps);
    },
    logout: async (ctx) => {
      const userId = requireCaller(ctx).id;
      await logOut({ userId, ...RefreshTokenBody.parse(ctx.request.body) }, deps);
      ctx.status = 204;
    },
    jwks: (ctx) => {
      // Short enough that a rotated key reaches every verifier within minutes.
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.body = deps.signer.publicKeys();
    },
  };
}
