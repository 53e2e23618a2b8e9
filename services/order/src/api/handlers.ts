import type { RouterMiddleware } from '@koa/router';
import { AppError, entityIdParam, pageRequestSchema, requireCaller, type Caller } from '@shop/service-kit';
import { cancelOrder, type CancelOrderDeps } from '../domain/cancel-order';
import { placeOrder, type PlaceOrderDeps } from '../domain/place-order';
import { IdempotencyKey, PlaceOrderBody } from './request-bodies';

export type OrderDeps = PlaceOrderDeps & CancelOrderDeps;

const isAdmin = (caller: Caller) => caller.roles.includes('admin');
const orderIdOf = (raw: string | undefined) => entityIdParam(raw, (id) => AppError.notFound(`order ${id} does not exist`));

export function orderHandlers(deps: OrderDeps): Record<'place' | 'list' | 'get' | 'cancel', RouterMiddleware> {
  return {
    place: async (ctx) => {
      const caller = requireCaller(ctx);
      const key = idempotencyKeyOf(ctx.get('idempotency-key'));
      const body = PlaceOrderBody.parse(ctx.request.body);
      ctx.status = 202;
      ctx.body = await placeOrder({ ...body, userId: caller.id, customerEmail: caller.email, idempotencyKey: key }, deps);
    },
    list: async (ctx) => {
      const caller = requireCaller(ctx);
      const page = pageRequestSchema.parse(ctx.query);
      const { items, total } = await deps.orders.list(isAdmin(caller) ? {} : { userId: caller.id }, page);
      ctx.body = { items: items.map(publicView), page: page.page, pageSize: page.pageSize, total };
    },
    get: async (ctx) => {
      const caller = requireCaller(ctx);
      const order = await deps.orders.get(orderIdOf(ctx.params.id));
      if (!order || (!isAdmin(caller) && order.userId !== caller.id)) throw AppError.notFound(`order ${ctx.params.id} does not exist`);
      ctx.body = publicView(order);
    },
    cancel: async (ctx) => {
      const caller = requireCaller(ctx);
      ctx.status = 202;
      ctx.body = await cancelOrder({ orderId: orderIdOf(ctx.params.id), callerId: caller.id, isAdmin: isAdmin(caller) }, deps);
    },
  };
}

function idempotencyKeyOf(header: string): string {
  if (!header) throw AppError.validation('the Idempotency-Key header is required', [{ path: 'Idempotency-Key', message: 'required' }]);
  const parsed = IdempotencyKey.safeParse(header);
  if (!parsed.success) throw AppError.validation('the Idempotency-Key header is invalid', [{ path: 'Idempotency-Key', message: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

/** The contract's view of an order: no payment token, no customer email. */
function publicView(order: Awaited<ReturnType<OrderDeps['orders']['get']>> & object) {
  const { customerEmail: _email, shippingAddress, ...rest } = order;
  return { ...rest, shippingAddress };
}
