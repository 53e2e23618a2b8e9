import { randomUUID } from 'node:crypto';
import { componentConfig } from '../../../../test/component-setup/harness';
import { cartConfigSchema } from '../../src/config';
import type { PriceList } from '../../src/domain/ports';
import { createCartService, type CartOverrides, type CartService } from '../../src/service';

/**
 * The cart in-process on a free port, against the component environment's real daprd and Redis state store. The
 * catalog and the order service do not run there, so prices come from a stubbed PriceList (our own port), never
 * from a fake catalog over HTTP; checkout is covered by unit tests and, end to end, through the gateway.
 */
export interface CartUnderTest {
  service: CartService;
  call: (method: string, path: string, options?: CallOptions) => Promise<Answer>;
  stop: () => Promise<void>;
}

export interface CallOptions {
  as?: Identity;
  body?: unknown;
}

export interface Answer<T = any> {
  status: number;
  body: T;
}

export type Identity = Record<string, string>;

export const aCustomer = (): Identity => ({ 'x-user-id': randomUUID(), 'x-user-roles': 'customer', 'x-user-email': 'someone@shop.local' });

/** Every product costs what this table says, or (unlisted) 1000 cents. */
export class StubPrices implements PriceList {
  readonly prices = new Map<string, number>();
  async pricesOf(productIds: string[]): Promise<Map<string, number>> {
    return new Map(productIds.map((id) => [id, this.prices.get(id) ?? 1000]));
  }
}

export async function startCart(overrides: CartOverrides = {}, env: Record<string, string> = {}): Promise<CartUnderTest> {
  const service = createCartService(componentConfig(cartConfigSchema, 'cart', env), { prices: new StubPrices(), ...overrides });
  await service.start();
  const baseUrl = `http://127.0.0.1:${service.port()}`;
  const call = async (method: string, path: string, { as, body }: CallOptions = {}): Promise<Answer> => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...as, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return { service, call, stop: () => service.stop() };
}

/** The raw state store entry, read past the service: what is stored, and the TTL the store applied to it. */
export async function storedCart(userId: string): Promise<{ value: any; ttlExpireTime: string | null }> {
  const response = await fetch(`http://127.0.0.1:${process.env.COMPONENT_DAPR_HTTP_PORT}/v1.0/state/statestore/cart-${userId}`);
  return { value: response.status === 200 ? await response.json() : undefined, ttlExpireTime: response.headers.get('metadata.ttlexpiretime') };
}
