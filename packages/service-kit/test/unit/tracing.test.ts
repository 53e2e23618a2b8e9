import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { WorkflowActivityContext, WorkflowContext } from '@dapr/dapr';
import { DaprSidecar } from '../../src/dapr/sidecar';
import { carryTrace, tracedActivity, tracedWorkflow, unwrapCarrier } from '../../src/dapr/workflow-tracing';
import type { CloudEvent } from '../../src/events/cloud-event';
import { buildCloudEvent } from '../../src/events/cloud-event';
import { EventContracts } from '../../src/events/contracts';
import { subscriptionRoutes } from '../../src/events/subscriptions';
import { createHttpApp } from '../../src/http/app';
import { listen, type RunningServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { currentContext, runWithContext } from '../../src/request-context';
import { continueTrace, currentTraceparent, markTracingActive, outgoingTraceHeaders, parseTraceparent } from '../../src/trace-context';

/** OpenTelemetry as the services run it (async context, W3C propagation), with spans kept in memory. */
const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager().enable();
beforeAll(() => {
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});
afterEach(() => {
  exporter.reset();
  markTracingActive(false);
});
afterAll(() => {
  trace.disable();
  context.disable();
  propagation.disable();
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const INCOMING = `00-${TRACE_ID}-${PARENT_ID}-01`;
const spanNamed = (name: string) => exporter.getFinishedSpans().find((span) => span.name === name);
const parentOf = (span: ReturnType<typeof spanNamed>) => span?.parentSpanContext?.spanId;

describe('continuing a trace across a hop that dropped it', () => {
  it('when work continues a traceparent, then it runs in a child span of it, and currentTraceparent names that span', async () => {
    let inside: string | undefined;

    await continueTrace(INCOMING, 'activity reserveStock', async () => {
      inside = currentTraceparent();
    });

    const span = spanNamed('activity reserveStock');
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(parentOf(span)).toBe(PARENT_ID);
    expect(inside).toBe(`00-${TRACE_ID}-${span!.spanContext().spanId}-01`);
  });

  it('when the work throws, then the span ends with an error status and the error goes on', async () => {
    await expect(continueTrace(INCOMING, 'failing', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    expect(spanNamed('failing')?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'boom' });
  });

  it('when the traceparent is missing or malformed, then the work starts a trace of its own', async () => {
    await continueTrace('garbage', 'orphan', async () => undefined);

    expect(spanNamed('orphan')?.spanContext().traceId).not.toBe(TRACE_ID);
    expect(parentOf(spanNamed('orphan'))).toBeUndefined();
  });

  it('when a CloudEvent is built inside a span, then it carries that span as its traceparent and the request\'s correlation id', async () => {
    const event = await continueTrace(INCOMING, 'confirm', async () =>
      runWithContext({ correlationId: 'corr-1', traceparent: INCOMING, traceId: TRACE_ID }, async () => buildCloudEvent({ type: 'order.confirmed', source: 'order', data: {} })),
    );

    expect(event.traceparent).toBe(`00-${TRACE_ID}-${spanNamed('confirm')!.spanContext().spanId}-01`);
    expect(event.correlationid).toBe('corr-1');
  });

  it('when OpenTelemetry instruments fetch, then no traceparent header is added by hand; otherwise the current one is', async () => {
    await continueTrace(INCOMING, 'call', async () => {
      expect(outgoingTraceHeaders()).toEqual({ traceparent: currentTraceparent() });
      markTracingActive(true);
      expect(outgoingTraceHeaders()).toEqual({});
    });
  });
});

describe('workflow trace carriers', () => {
  it('when an input is carried, then unwrapping gives back the input, the traceparent and the correlation id', () => {
    const carried = carryTrace({ orderId: 'o-1' }, { traceparent: INCOMING, correlationId: 'corr-1' });

    expect(unwrapCarrier(carried)).toEqual({ input: { orderId: 'o-1' }, traceparent: INCOMING, correlationId: 'corr-1' });
  });

  it('when an input predates carriers (a plain value, null, an array), then it is used as it is, without a trace', () => {
    expect(unwrapCarrier('o-1')).toEqual({ input: 'o-1' });
    expect(unwrapCarrier(null)).toEqual({ input: null });
    expect(unwrapCarrier([1, 2])).toEqual({ input: [1, 2] });
    expect(unwrapCarrier({ orderId: 'o-1' })).toEqual({ input: { orderId: 'o-1' } });
  });

  it('when scheduled inside a span, then the carrier holds that span and the request context\'s correlation id', async () => {
    const carried = await continueTrace(INCOMING, 'place order', async () =>
      runWithContext({ correlationId: 'corr-2', traceparent: INCOMING, traceId: TRACE_ID }, async () => carryTrace('o-1')),
    );

    expect(carried).toEqual({ $traceparent: `00-${TRACE_ID}-${spanNamed('place order')!.spanContext().spanId}-01`, $correlationId: 'corr-2', $input: 'o-1' });
  });

  it('when a traced workflow calls an activity, then the activity input is carried with the workflow\'s trace', () => {
    const calls: unknown[] = [];
    const ctx = { callActivity: (_name: string, input: unknown) => calls.push(input), getWorkflowInstanceId: () => 'o-1' } as unknown as WorkflowContext;
    const seen: unknown[] = [];
    const workflow = tracedWorkflow((wf: WorkflowContext, input: { orderId: string }) => {
      seen.push(input, wf.getWorkflowInstanceId());
      wf.callActivity('reserveStock', input);
    });

    workflow(ctx, carryTrace({ orderId: 'o-1' }, { traceparent: INCOMING, correlationId: 'corr-1' }));

    expect(seen).toEqual([{ orderId: 'o-1' }, 'o-1']);
    expect(calls).toEqual([{ $traceparent: INCOMING, $correlationId: 'corr-1', $input: { orderId: 'o-1' } }]);
  });

  it('when a traced activity runs, then it gets its plain input inside a span continuing the carried trace, with the correlation id', async () => {
    const ctx = { getWorkflowInstanceId: () => 'o-1' } as unknown as WorkflowActivityContext;
    const activity = tracedActivity('reserveStock', async (_ctx: WorkflowActivityContext, input: { orderId: string }) => ({
      input,
      traceparent: currentTraceparent(),
      correlationId: currentContext()?.correlationId,
    }));

    const result = await activity(ctx, carryTrace({ orderId: 'o-1' }, { traceparent: INCOMING, correlationId: 'corr-1' }));

    const span = spanNamed('activity reserveStock');
    expect(result).toEqual({ input: { orderId: 'o-1' }, traceparent: `00-${TRACE_ID}-${span!.spanContext().spanId}-01`, correlationId: 'corr-1' });
    expect(parentOf(span)).toBe(PARENT_ID);
    expect(span?.attributes['dapr.workflow.instance_id']).toBe('o-1');
  });
});

describe('pub/sub hops', () => {
  let sidecar: Server;
  let received: { headers: IncomingHttpHeaders; url: string; body: Record<string, unknown> }[];
  let consumer: RunningServer;
  const handled: { traceparent?: string; correlationId?: string }[] = [];

  beforeAll(async () => {
    received = [];
    sidecar = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      received.push({ headers: req.headers, url: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => sidecar.listen(0, '127.0.0.1', resolve));
    const log = createLogger('tracing-test', 'silent');
    const contracts = new EventContracts(path.join(__dirname, '../../../../contracts/events'));
    const routes = subscriptionRoutes(
      [{ topic: 'inventory.low_stock', handle: async () => void handled.push({ traceparent: currentTraceparent(), correlationId: currentContext()?.correlationId }) }],
      contracts,
      log,
    );
    consumer = await listen(createHttpApp({ name: 'tracing-test', log, routers: [routes], readiness: [] }).app, 0, '127.0.0.1');
  });
  afterAll(async () => {
    sidecar.close();
    await consumer.close(1_000);
  });

  it('when the relay publishes a stored event, then the sidecar gets it in a PRODUCER span continuing the event\'s trace', async () => {
    const sidecarClient = new DaprSidecar('127.0.0.1', (sidecar.address() as AddressInfo).port);
    const event: CloudEvent & { traceid: string } = {
      ...buildCloudEvent({ type: 'order.confirmed', source: 'order', data: {} }),
      traceparent: INCOMING,
      traceid: '00-11111111111111111111111111111111-2222222222222222-01',
    };

    await sidecarClient.publish(event);
    await sidecarClient.stop();

    const span = spanNamed('publish order.confirmed');
    const [delivery] = received;
    expect(span?.kind).toBe(SpanKind.PRODUCER);
    expect(parentOf(span)).toBe(PARENT_ID);
    expect(delivery?.url).toBe('/v1.0/publish/pubsub/order.confirmed');
    expect(delivery?.headers['content-type']).toBe('application/cloudevents+json');
    // Without the fetch instrumentation, the header carries it; the event itself names the producer span, and the
    // stale `traceid` is gone so the sidecar stamps its own publish span.
    expect(delivery?.headers.traceparent).toBe(`00-${TRACE_ID}-${span!.spanContext().spanId}-01`);
    expect(delivery?.body.traceparent).toBe(delivery?.headers.traceparent);
    expect(delivery?.body).not.toHaveProperty('traceid');
    expect(delivery?.body.id).toBe(event.id);
  });

  it('when an event arrives without the delivery continuing its trace, then the consumer span continues the CloudEvent\'s traceparent, with its correlation id', async () => {
    const event = { specversion: '1.0', id: `e-${Date.now()}`, source: 'inventory', type: 'inventory.low_stock', traceparent: INCOMING, correlationid: 'corr-event', data: { productId: '7f0e4b1c-3a2d-4c5e-9f8a-1b2c3d4e5f60', available: 1, threshold: 5 } };

    const response = await fetch(`http://127.0.0.1:${consumer.port}/events/inventory.low_stock`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(event),
    });

    expect(await response.json()).toEqual({ status: 'SUCCESS' });
    const span = spanNamed('consume inventory.low_stock');
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(span)).toBe(PARENT_ID);
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(handled.at(-1)).toEqual({ traceparent: `00-${TRACE_ID}-${span!.spanContext().spanId}-01`, correlationId: 'corr-event' });
  });
});

describe('trace ids', () => {
  it('when a span is active, then its trace id is what parseTraceparent reads from currentTraceparent', async () => {
    await continueTrace(INCOMING, 'ids', async () => {
      expect(parseTraceparent(currentTraceparent())?.traceId).toBe(TRACE_ID);
    });
  });
});
