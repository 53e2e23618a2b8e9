import { api, eventually, loginAdmin } from './platform';

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
  const id = unique();
  const category = await api<{ id: string }>('POST', '/categories', { token, body: { name: `Saga ${id}` } });
  const product = await api<Product>('POST', '/products', {
    token,
    body: { sku: `SAGA-${id}`, name: `Saga item ${id}`, description: 'checkout test product', priceCents, currency: 'USD', categoryId: category.body.id },
  });
  if (product.status !== 201) throw new Error(`product: ${product.status} ${product.text}`);
  const stock = await api('PUT', `/inventory/${product.body.id}`, { token, body: { onHand } });
  if (stock.status !== 200) throw new Error(`stock: ${stock.status} ${stock.text}`);
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
    const order = await getOrder(token, orderId);
    return order.status === 'PENDING' ? undefined : order;
  }, timeoutMs);
}

export const stockOf = async (productId: string) => (await api<Stock>('GET', `/inventory/${productId}`)).body;

export const paymentsOf = async (token: string, orderId: string) =>
  (await api<{ id: string; status: string; amountCents: number }[]>('GET', `/payments?orderId=${orderId}`, { token })).body;
