import '../http/request-body';
import Router from '@koa/router';
import type Koa from 'koa';
import { Counter, Histogram, register } from 'prom-client';
import { context, SpanKind, trace, type Link } from '@opentelemetry/api';
import type { Logger } from '../logger';
import { currentContext, runWithContext } from '../request-context';
import { continueTrace, parseTraceparent } from '../trace-context';
import { PUBSUB_NAME } from '../dapr/sidecar';
import type { CloudEvent } from './cloud-event';
import { isStorableText } from '../storable-text';
import { ContractViolation, type EventContracts } from './contracts';

/**
 * Deliveries per topic and outcome: `success`, `drop` (never retried: malformed or breaking its contract, sent to the
 * dead-letter topic) and `retry` (the handler failed; Dapr redelivers). Registered once per process in prom-client's
 * default registry, which every app's /metrics serves beside its own.
 */
const consumed =
  (register.getSingleMetric('events_consumed_total') as Counter<'topic' | 'outcome'> | undefined) ??
  new Counter({ name: 'events_consumed_total', help: 'Event deliveries by topic and outcome (success, drop, retry)', labelNames: ['topic', 'outcome'] as const });

/** How long a delivery took to handle, per topic and outcome (its `_count` is the deliveries per topic). */
const processing =
  (register.getSingleMetric('shop_event_processing_seconds') as Histogram<'topic' | 'outcome'> | undefined) ??
  new Histogram({
    name: 'shop_event_processing_seconds',
    help: 'Time to handle one event delivery, by topic and outcome (success, drop, retry)',
    labelNames: ['topic', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });

/** Event age at delivery (now − the CloudEvent's `time`): how far consumers lag behind producers, per topic. */
const lag =
  (register.getSingleMetric('shop_event_delivery_lag_seconds') as Histogram<'topic'> | undefined) ??
  new Histogram({
    name: 'shop_event_delivery_lag_seconds',
    help: 'Seconds between an event being created (CloudEvent time) and its delivery to this consumer, by topic',
    labelNames: ['topic'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  });

export interface Subscription {
  topic: string;
  /** Must be idempotent: delivery is at-least-once. Throwing asks Dapr to redeliver. */
  handle: (event: CloudEvent) => Promise<void>;
}

/**
 * Programmatic subscriptions: Dapr reads `GET /dapr/subscribe` at start-up and delivers each topic to
 * `POST /events/<topic>`. Answers follow Dapr's contract: SUCCESS, DROP (a message that can never be handled, such as
 * one breaking its contract, goes to the dead-letter topic instead of being retried forever) or an error status (retry).
 */
export function subscriptionRoutes(subscriptions: Subscription[], contracts: EventContracts, log: Logger, pubsubName = PUBSUB_NAME): Router {
  const router = new Router();
  router.get('/dapr/subscribe', (ctx) => {
    ctx.body = subscriptions.map(({ topic }) => ({
      pubsubname: pubsubName,
      topic,
      route: `/events/${topic}`,
      deadLetterTopic: 'deadletter',
    }));
  });
  for (const subscription of subscriptions) {
    const deliver = async (ctx: Koa.Context): Promise<'success' | 'drop' | 'retry'> => {
      const event = ctx.request.body as CloudEvent | undefined;
      // An id that Postgres cannot store could never be recorded in the inbox: redelivering it would fail forever.
      if (!event || typeof event !== 'object' || typeof event.id !== 'string' || !isStorableText(event.id) || event.type !== subscription.topic) {
        log.warn({ topic: subscription.topic }, 'dropping a delivery that is not a CloudEvent of this topic');
        consumed.inc({ topic: subscription.topic, outcome: 'drop' });
        ctx.body = { status: 'DROP' };
        return 'drop';
      }
      const createdAt = typeof event.time === 'string' ? Date.parse(event.time) : Number.NaN;
      if (Number.isFinite(createdAt)) lag.observe({ topic: subscription.topic }, Math.max(0, (Date.now() - createdAt) / 1000));
      try {
        contracts.assertValid(event.type, event.data);
      } catch (error) {
        if (!(error instanceof ContractViolation)) throw error;
        log.warn({ eventId: event.id, type: event.type, problems: error.problems }, 'dropping an event that breaks its contract');
        consumed.inc({ topic: subscription.topic, outcome: 'drop' });
        ctx.body = { status: 'DROP' };
        return 'drop';
      }
      try {
        await consume(event, subscription.topic, () => subscription.handle(event));
      } catch (error) {
        consumed.inc({ topic: subscription.topic, outcome: 'retry' });
        throw error;
      }
      consumed.inc({ topic: subscription.topic, outcome: 'success' });
      ctx.body = { status: 'SUCCESS' };
      return 'success';
    };
    router.post(`/events/${subscription.topic}`, async (ctx) => {
      const stop = processing.startTimer({ topic: subscription.topic });
      try {
        stop({ outcome: await deliver(ctx) });
      } catch (error) {
        // The handler failed: the error middleware answers an error status and Dapr redelivers.
        stop({ outcome: 'retry' });
        throw error;
      }
    });
  }
  return router;
}

/**
 * Runs a consumer's handler in a CONSUMER span that continues the trace the CloudEvent carries, and with the
 * event's correlation id in the request context (so its log lines and the events it causes keep both).
 *
 * The sidecar delivers with a `traceparent` header continuing the CloudEvent's own `traceparent` (which the
 * publisher's sidecar stamped), so the delivery's HTTP span is normally in the event's trace already: the consumer
 * span is its child. When it is not (a sidecar that did not propagate, a redelivery from a dead-letter replay), the
 * consumer span is a child of the CloudEvent's traceparent itself, linked to the delivery span.
 */
async function consume(event: CloudEvent, topic: string, handle: () => Promise<void>): Promise<void> {
  const carried = parseTraceparent(event.traceparent ?? (event as { traceid?: string }).traceid);
  const delivery = trace.getSpan(context.active())?.spanContext();
  const sameTrace = Boolean(carried && delivery && trace.isSpanContextValid(delivery) && delivery.traceId === carried.traceId);
  const parent = sameTrace || !carried ? undefined : (event.traceparent ?? (event as { traceid?: string }).traceid);
  const links: Link[] = !sameTrace && delivery && trace.isSpanContextValid(delivery) ? [{ context: delivery }] : [];
  const request = currentContext();
  const correlationId = typeof event.correlationid === 'string' && event.correlationid ? event.correlationid : request?.correlationId;
  const run = () =>
    continueTrace(parent, `consume ${topic}`, handle, {
      kind: SpanKind.CONSUMER,
      attributes: { 'messaging.system': 'dapr', 'messaging.destination.name': topic, 'messaging.message.id': event.id, 'messaging.operation.type': 'process' },
      links,
    });
  if (!correlationId || !request) return run();
  return runWithContext({ ...request, correlationId }, run);
}
