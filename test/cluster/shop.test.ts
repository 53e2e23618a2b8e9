import { randomBytes } from 'node:crypto';
import { api, eventually, registerAndLogin } from '../integration/support/platform';
import { admin, placeOrder, settled, stockedProduct, stockOf } from '../integration/support/shop';
import { ancestorsOf, traceSpans } from '../integration/support/traces';
import { appPods, kubectl, NAMESPACE, nodeInApp, useShopOnCluster } from './support/shop-on-cluster';

/**
 * The shop as deployed on the local cluster (`make cluster-up cluster-shop`): every request from outside goes through
 * the ingress on 127.0.0.1:8088, as a user's would. Issue 14's tests 1, 2, 4 and 5.
 */
useShopOnCluster();
jest.setTimeout(300_000);

const APPS = ['gateway', 'auth', 'catalog', 'order', 'inventory', 'payment', 'notification', 'cart', 'user', 'shipping', 'deadletters'];

describe('the shop on the cluster', () => {
  it('when it is deployed, then every app runs in one pod with two containers, the app and the injected daprd, both Ready', () => {
    const pods = appPods().filter((pod) => pod.status.phase === 'Running');
    const byApp = Object.fromEntries(pods.map((pod) => [pod.metadata.labels?.['app.kubernetes.io/name'] ?? '', pod]));

    expect(Object.keys(byApp).sort()).toEqual([...APPS].sort());
    for (const app of APPS) {
      const pod = byApp[app]!;
      expect({ app, containers: pod.spec.containers.map((c) => c.name).sort() }).toEqual({ app, containers: ['daprd', app].sort() });
      expect({ app, ready: pod.status.containerStatuses?.map((c) => `${c.name}:${c.ready}`).sort() }).toEqual({ app, ready: [`daprd:true`, `${app}:true`].sort() });
    }
  });

  it('when a customer registers, the admin stocks a product and the customer checks out through the ingress, then the order is CONFIRMED, shipped and DELIVERED, in one trace of apps and sidecars', async () => {
    const traceId = randomBytes(16).toString('hex');
    const customer = await registerAndLogin('cluster');
    const product = await stockedProduct(5, 2_500);

    const placed = await api<{ id: string }>('POST', '/orders', {
      token: customer.accessToken,
      body: { items: [{ productId: product.id, quantity: 2 }], shippingAddress: { line1: '1 Node Street', city: 'Kube', postalCode: '12345', country: 'US' }, paymentToken: 'tok_visa' },
      headers: { 'idempotency-key': `cluster-${traceId}`, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(placed.status).toBe(202);
    const confirmed = await settled(customer.accessToken, placed.body.id, 120_000);
    expect(confirmed.status).toBe('CONFIRMED');
    expect((await stockOf(product.id)).onHand).toBe(3);

    const shipment = await eventually('the shipment', async () =>
      (await api<{ id: string }[]>('GET', `/shipments?orderId=${placed.body.id}`, { token: customer.accessToken })).body[0], 60_000);
    expect((await api('POST', `/shipments/${shipment.id}/deliver`, { token: await admin() })).status).toBe(200);
    const delivered = await eventually('DELIVERED', async () => {
      const order = (await api<{ status: string }>('GET', `/orders/${placed.body.id}`, { token: customer.accessToken })).body;
      return order.status === 'DELIVERED' ? order : undefined;
    }, 60_000);
    expect(delivered.status).toBe('DELIVERED');

    // Zipkin on the cluster: the apps' spans (OTLP → their sidecars → Zipkin) and the sidecars' own, under one root.
    const spans = await eventually('the checkout in one trace', async () => {
      const found = await traceSpans(traceId);
      const services = new Set(found.map((span) => span.service));
      return ['gateway', 'order', 'inventory', 'payment'].every((app) => services.has(app)) && found.some((s) => s.name.startsWith('CallLocal') || s.name.includes('/v1.0/invoke')) ? found : undefined;
    }, 60_000);
    const roots = spans.filter((span) => ancestorsOf(span, spans).length === 0 && span.parentId !== undefined);
    expect(new Set(roots.map((span) => span.parentId)).size).toBe(1);
  });

  it('when cart\'s sidecar invokes payment (which only gateway and order may call), then payment\'s sidecar answers 403; catalog\'s sidecar serves no invocation at all (404)', () => {
    const call = (appId: string) =>
      JSON.parse(nodeInApp(appId, `fetch('http://127.0.0.1:' + process.env.DAPR_HTTP_PORT + '/v1.0/invoke/payment/method/payments?orderId=probe', { headers: { 'dapr-api-token': process.env.DAPR_API_TOKEN } }).then(async (r) => console.log(JSON.stringify({ status: r.status, body: (await r.text()).slice(0, 300) })))`)) as { status: number; body: string };

    const fromCart = call('cart');
    const fromCatalog = call('catalog');

    expect(fromCart).toEqual({ status: 403, body: expect.stringContaining('ERR_DIRECT_INVOKE') });
    expect(fromCatalog.status).toBe(404);
  });

  it('when the order pod is killed during a burst of orders, then Kubernetes starts a new one and every order ends CONFIRMED or CANCELLED', async () => {
    const customer = await registerAndLogin('cluster-crash');
    const product = await stockedProduct(100, 500);
    const before = appPods().find((pod) => pod.metadata.labels?.['app.kubernetes.io/name'] === 'order')!;

    const burst = Array.from({ length: 12 }, (_, index) => placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa', `crash-${index}-${Date.now()}`));
    const firstHalf = await Promise.all(burst.slice(0, 6));
    kubectl(['delete', 'pod', '-n', NAMESPACE, before.metadata.name, '--grace-period=0', '--force', '--wait=false']);
    const secondHalf = await Promise.all(burst.slice(6));
    // Accepted orders must end; the ones refused while order was down (5xx from the gateway) were never created.
    const accepted = [...firstHalf, ...secondHalf].filter((placed) => placed.status === 202).map((placed) => placed.body.id);
    expect(accepted.length).toBeGreaterThanOrEqual(6);

    const replacement = await eventually('a new order pod, Ready', async () =>
      appPods().find((pod) => pod.metadata.labels?.['app.kubernetes.io/name'] === 'order' && pod.metadata.uid !== before.metadata.uid && pod.status.containerStatuses?.every((c) => c.ready)), 180_000);
    expect(replacement.metadata.uid).not.toBe(before.metadata.uid);

    const outcomes: string[] = [];
    for (const orderId of accepted) outcomes.push((await settled(customer.accessToken, orderId, 180_000)).status);
    expect(outcomes.filter((status) => status !== 'CONFIRMED' && status !== 'CANCELLED')).toEqual([]);
    // The stock tells the same story: one unit held for each confirmed order, none for a cancelled one.
    expect((await stockOf(product.id)).onHand).toBe(100 - outcomes.filter((status) => status === 'CONFIRMED').length);
  });
});
