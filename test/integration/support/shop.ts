import { randomUUID } from 'node:crypto';
import { api, eventually, loginAdmin, sidecarFetch } from './platform';

export interface Product {
  id: string;
  priceCents: number;
}

export interface OrderView {
  id: string;
  userId: string;
  status: 'PENDING' | 'CONFIRMED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';
  totalCents: number;
  history: { status: string; at: string; reason?: string }[];
}

export interface Stock {
  productId: string;
  onHand: number;
  reserved: number;
  available: number;
}

let adminToken: string | undefined;
export const admin = async (): Promise<string> => (adminToken ??= await loginAdmin());

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

/** A product of its own, priced and stocked by the admin through the gateway. */
export async function stockedProduct(onHand: number, priceCents = 1_250): Promise<Product> {
  const token = await admin();
  const product = await newProduct(token, await newCategory(token), priceCents);
  const stock = await api('PUT', `/inventory/${product.id}`, { token, body: { onHand } });
  if (stock.status !== 200) throw new Error(`stock: ${stock.status} ${stock.text}`);
  return product;
}

/** `count` products of their own in one new category, priced by the admin through the gateway, with no stock. */
export async function unstockedProducts(count: number, priceCents = 1_250): Promise<Product[]> {
  const token = await admin();
  const categoryId = await newCategory(token);
  return Promise.all(Array.from({ length: count }, () => newProduct(token, categoryId, priceCents)));
}

async function newCategory(token: string): Promise<string> {
  const category = await api<{ id: string }>('POST', '/categories', { token, body: { name: `Saga ${unique()}` } });
  if (category.status !== 201) throw new Error(`category: ${category.status} ${category.text}`);
  return category.body.id;
}

async function newProduct(token: string, categoryId: string, priceCents: number): Promise<Product> {
  const id = unique();
  const product = await api<Product>('POST', '/products', {
    token,
    body: { sku: `SAGA-${id}`, name: `Saga item ${id}`, description: 'checkout test product', priceCents, currency: 'USD', categoryId },
  });
  if (product.status !== 201) throw new Error(`product: ${product.status} ${product.text}`);
  return product.body;
}

export const shippingAddress = { line1: '1 Test Street', city: 'Springfield', postalCode: '12345', country: 'US' };

export function placeOrder(token: string, items: { productId: string; quantity: number }[], paymentToken: string, key = `key-${unique()}`) {
  return api<{ id: string; status: string }>('POST', '/orders', { token, body: { items, shippingAddress, paymentToken }, headers: { 'idempotency-key': key } });
}

export const getOrder = async (token: string, orderId: string) => (await api<OrderView>('GET', `/orders/${orderId}`, { token })).body;

/** Waits until the checkout saga has ended the order (CONFIRMED or CANCELLED). */
export async function settled(token: string, orderId: string, timeoutMs = 60_000): Promise<OrderView> {
  return eventually(`order ${orderId} to leave PENDING`, async () => {
    // While the order service restarts (crash tests) the gateway may answer 5xx: that is no answer about the order.
    const response = await api<OrderView>('GET', `/orders/${orderId}`, { token });
    return response.status !== 200 || response.body.status === 'PENDING' ? undefined : response.body;
  }, timeoutMs);
}

export const stockOf = async (productId: string) => (await api<Stock>('GET', `/inventory/${productId}`)).body;

export const paymentsOf = async (token: string, orderId: string) =>
  (await api<{ id: string; status: string; amountCents: number }[]>('GET', `/payments?orderId=${orderId}`, { token })).body;

/**
 * A valid CloudEvent whose data breaks the user.registered contract, published by the topic's owner (auth) through
 * its own sidecar. Its one subscriber, the user service, answers DROP, so its sidecar moves it to `deadletter`, where
 * the dead-letter office stores it. Returns the event's id.
 */
export async function publishPoisonRegistration(eventId = `poison-${randomUUID()}`): Promise<string> {
  const response = await sidecarFetch('auth', '/v1.0/publish/pubsub/user.registered', {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json' },
    body: JSON.stringify({
      specversion: '1.0',
      id: eventId,
      source: 'auth',
      type: 'user.registered',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      dataschema: 'contracts/events/user.registered.v1.json',
      data: { userId: 'not-a-uuid', email: 'not an email', name: '', registeredAt: 'yesterday' },
    }),
  });
  if (response.status !== 204) throw new Error(`publishing the poison event answered ${response.status}: ${await response.text()}`);
  return eventId;
}

/** Waits until the dead-letter office lists the event (as the admin sees it) and returns its record's id. */
export async function deadLetterIdOf(eventId: string, timeoutMs = 30_000): Promise<string> {
  const token = await admin();
  return eventually(`dead letter ${eventId} in the dead-letter office`, async () => {
    const list = await api<{ items?: { id: string; eventId: string }[] }>('GET', '/dead-letters?topic=user.registered&pageSize=100', { token });
    return list.body.items?.find((item) => item.eventId === eventId)?.id;
  }, timeoutMs);
}
