import { randomBytes } from 'node:crypto';
import { api, eventually, platform, registerAndLogin } from './support/platform';
import { settled, shippingAddress, stockedProduct } from './support/shop';
import { ancestorsOf, traceSpans, type TraceSpan } from './support/traces';

/**
 * One checkout through the gateway, started with a traceparent of the test's own, must be ONE trace in the tracing
 * backend (Zipkin by default, Jaeger with TRACING=jaeger), across every hop: gateway → service invocation → workflow
 * start → each activity → outbox relay → pub/sub → consumer → output binding.
 */
const SERVICES = ['gateway', 'order', 'inventory', 'payment', 'notification'];

describe('one checkout, one trace', () => {
  const traceId = randomBytes(16).toString('hex');
  const clientSpanId = randomBytes(8).toString('hex');
  let responseTraceparent: string | null = null;
  let spans: TraceSpan[] = [];
  let root: TraceSpan | undefined;

  const named = (candidate: TraceSpan[], service: string, name: string) => candidate.find((s) => s.service === service && s.name.toLowerCase() === name.toLowerCase());
  const consumerSpan = () => named(spans, 'notification', 'consume order.confirmed');
  const orphansOf = (candidate: TraceSpan[], top: TraceSpan | undefined) => candidate.filter((s) => s !== top && !ancestorsOf(s, candidate).includes(top!));
  /** Every service's spans are there and nothing hangs loose: the sidecars' spans (sent every few seconds) arrived. */
  const complete = (candidate: TraceSpan[]) => {
    const top = candidate.find((s) => s.parentId === clientSpanId);
    const consumer = named(candidate, 'notification', 'consume order.confirmed');
    return Boolean(top && consumer) &&
      SERVICES.every((service) => candidate.some((s) => s.service === service)) &&
      candidate.some((s) => s.service === 'notification' && /binding/i.test(s.name)) &&
      orphansOf(candidate, top).length === 0;
  };

  beforeAll(async () => {
    if (!platform().tracing) throw new Error('the tracing suite needs a tracing backend: run without TRACING=none');
    const product = await stockedProduct(5, 1_100);
    const customer = await registerAndLogin('traced');
    const placed = await api<{ id: string }>('POST', '/orders', {
      token: customer.accessToken,
      body: { items: [{ productId: product.id, quantity: 1 }], shippingAddress, paymentToken: 'tok_visa' },
      headers: { 'idempotency-key': `trace-${traceId}`, traceparent: `00-${traceId}-${clientSpanId}-01` },
    });
    if (placed.status !== 202) throw new Error(`the order was not accepted: ${placed.status} ${placed.text}`);
    responseTraceparent = placed.headers.get('traceparent');
    const order = await settled(customer.accessToken, placed.body.id);
    if (order.status !== 'CONFIRMED') throw new Error(`the order ended ${order.status}, not CONFIRMED`);
    // The consumer span and the binding's arrive last: the relay publishes after the saga, the sidecars batch spans.
    spans = await eventually('the whole checkout in one trace', async () => {
      const found = await traceSpans(traceId);
      return complete(found) ? found : undefined;
    }, 60_000).catch(async (error: Error) => {
      const found = await traceSpans(traceId);
      const top = found.find((s) => s.parentId === clientSpanId);
      const loose = orphansOf(found, top).map((s) => `${s.service}:${s.name} (parent ${s.parentId ?? 'none'})`);
      throw new Error(`${error.message}; the trace holds ${found.length} spans, root ${top ? 'found' : 'missing'}, not below the root: ${loose.join(', ') || 'none'}`);
    });
    root = spans.find((s) => s.parentId === clientSpanId);
  }, 180_000);

  it('when the order is placed with a traceparent, then the gateway answers in the same trace', () => {
    expect(responseTraceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it('when the checkout has ended, then one trace holds spans of gateway, order, inventory, payment and notification', () => {
    const services = new Set(spans.map((s) => s.service));

    expect([...services]).toEqual(expect.arrayContaining(SERVICES));
    expect(root).toMatchObject({ service: 'gateway' });
    // One root: every span but the gateway's first descends from it (nothing started a trace of its own).
    expect(orphansOf(spans, root).map((s) => `${s.service}:${s.name}`)).toEqual([]);
  });

  it('when the order.confirmed event is consumed, then the consumer span descends from the request root span', () => {
    const consumer = consumerSpan();

    expect(consumer).toBeDefined();
    expect(ancestorsOf(consumer!, spans)).toContain(root);
  });

  it('when the saga runs, then each workflow activity continues the trace of the request that placed the order', () => {
    // Zipkin lower-cases span names.
    const activities = spans.filter((s) => s.service === 'order' && s.name.startsWith('activity '));

    expect(activities.map((s) => s.name.toLowerCase())).toEqual(expect.arrayContaining(['activity reservestock', 'activity chargepayment', 'activity commitstock', 'activity confirmorder']));
    for (const activity of activities) expect(ancestorsOf(activity, spans)).toContain(root);
    // The calls an activity makes are its descendants: the inventory and payment services' spans hang below them.
    const reserve = named(spans, 'order', 'activity reserveStock')!;
    const charge = named(spans, 'order', 'activity chargePayment')!;
    expect(spans.some((s) => s.service === 'inventory' && ancestorsOf(s, spans).includes(reserve))).toBe(true);
    expect(spans.some((s) => s.service === 'payment' && ancestorsOf(s, spans).includes(charge))).toBe(true);
  });

  it('when the outbox relay publishes order.confirmed, then its publish span sits between the confirmation and the consumer', () => {
    const publish = named(spans, 'order', 'publish order.confirmed');
    const confirm = named(spans, 'order', 'activity confirmOrder');

    expect(publish).toBeDefined();
    expect(ancestorsOf(publish!, spans)).toContain(confirm);
    expect(ancestorsOf(consumerSpan()!, spans)).toContain(publish);
  });

  it('when the notification is sent, then the output binding call is part of the consumer span', () => {
    const binding = spans.filter((s) => s.service === 'notification' && /binding/i.test(s.name));

    expect(binding.length).toBeGreaterThan(0);
    for (const span of binding) expect(ancestorsOf(span, spans)).toContain(consumerSpan());
  });
});
