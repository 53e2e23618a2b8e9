import type { RouterMiddleware } from '@koa/router';
import { AppError, entityIdParam, requireCaller } from '@shop/service-kit';
import { addItem, type AddItemDeps } from '../domain/add-item';
import { notInCart } from '../domain/cart';
import { changeQuantity } from '../domain/change-quantity';
import { checkOut, type CheckOutDeps } from '../domain/check-out';
import { emptyCartOf } from '../domain/empty-cart';
import { getCart } from '../domain/get-cart';
import { removeItem } from '../domain/remove-item';
import { AddItemBody, ChangeQuantityBody, CheckOutBody, IdempotencyKey } from './request-bodies';

export type CartDeps = AddItemDeps & CheckOutDeps;

type CartHandlers = Record<'get' | 'add' | 'change' | 'remove' | 'empty' | 'checkOut', RouterMiddleware>;

export function cartHandlers(deps: CartDeps): CartHandlers {
  return {
    get: async (ctx) => {
      ctx.body = await getCart(requireCaller(ctx).id, deps);
    },
    add: async (ctx) => {
      const userId = requireCaller(ctx).id;
      ctx.body = await addItem({ ...AddItemBody.parse(ctx.request.body), userId }, deps);
    },
    change: async (ctx) => {
      const userId = requireCaller(ctx).id;
      ctx.body = await changeQuantity({ ...ChangeQuantityBody.parse(ctx.request.body), userId, productId: productIdOf(ctx.params.productId) }, deps);
    },
    remove: async (ctx) => {
      await removeItem({ userId: requireCaller(ctx).id, productId: productIdOf(ctx.params.productId) }, deps);
      ctx.status = 204;
    },
    empty: async (ctx) => {
      await emptyCartOf(requireCaller(ctx).id, deps);
      ctx.status = 204;
    },
    checkOut: async (ctx) => {
      const customer = requireCaller(ctx);
      const answer = await checkOut({ ...CheckOutBody.parse(ctx.request.body), customer, idempotencyKey: idempotencyKeyOf(ctx.get('idempotency-key')) }, deps);
      passThrough(ctx, answer);
    },
  };
}

/** A product id that is not a uuid cannot be in any cart. */
const productIdOf = (raw: string | undefined): string => entityIdParam(raw, notInCart);

function idempotencyKeyOf(header: string): string {
  if (!header) throw AppError.validation('the Idempotency-Key header is required', [{ path: 'Idempotency-Key', message: 'required' }]);
  const parsed = IdempotencyKey.safeParse(header);
  if (!parsed.success) throw AppError.validation('the Idempotency-Key header is invalid', [{ path: 'Idempotency-Key', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

/** The order service's answer unchanged: its status, and for a refusal its problem detail as problem+json. */
function passThrough(ctx: Parameters<RouterMiddleware>[0], answer: { status: number; body: unknown }): void {
  ctx.status = answer.status;
  ctx.body = answer.body;
  if (answer.status >= 400) ctx.type = 'application/problem+json';
}
