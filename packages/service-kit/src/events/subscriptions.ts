import '../http/request-body';
import Router from '@koa/router';
import { Counter, register } from 'prom-client';
import type { Logger } from '../logger';
import { PUBSUB_NAME } from '../dapr/sidecar';
import type { CloudEvent } from './cloud-event';
import { ContractViolation, type EventContracts } from './contracts';

/**
 * Deliveries per topic and outcome: `success`, `drop` (never retried: malformed or breaking its contract, sent to the
 * dead-letter topic) and `retry` (the handler failed; Dapr redelivers). Registered once per process in prom-client's
 * default registry, which every app's /metrics serves beside its own.
 */
const consumed =
  (register.getSingleMetric('events_consumed_total') as Counter<'topic' | 'outcome'> | undefined) ??
  new Counter({ name: 'events_consumed_total', help: 'Event deliveries by topic and outcome (success, drop, retry)', labelNames: ['topic', 'outcome'] as const });

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
    router.post(`/events/${subscription.topic}`, async (ctx) => {
      const event = ctx.request.body as CloudEvent | undefined;
      if (!event || typeof event !== 'object' || typeof event.id !== 'string' || event.type !== subscription.topic) {
        log.warn({ topic: subscription.topic }, 'dropping a delivery that is not a CloudEvent of this topic');
        consumed.inc({ topic: subscription.topic, outcome: 'drop' });
        ctx.body = { status: 'DROP' };
        return;
      }
      try {
        contracts.assertValid(event.type, event.data);
      } catch (error) {
        if (!(error instanceof ContractViolation)) throw error;
        log.warn({ eventId: event.id, type: event.type, problems: error.problems }, 'dropping an event that breaks its contract');
        consumed.inc({ topic: subscription.topic, outcome: 'drop' });
        ctx.body = { status: 'DROP' };
        return;
      }
      try {
        await subscription.handle(event);
      } catch (error) {
        consumed.inc({ topic: subscription.topic, outcome: 'retry' });
        throw error;
      }
      consumed.inc({ topic: subscription.topic, outcome: 'success' });
      ctx.body = { status: 'SUCCESS' };
    });
  }
  return router;
}
