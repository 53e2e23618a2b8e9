import '../http/request-body';
import Router from '@koa/router';
import type { Logger } from '../logger';
import { PUBSUB_NAME } from '../dapr/sidecar';
import type { CloudEvent } from './cloud-event';
import { ContractViolation, type EventContracts } from './contracts';

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
        ctx.body = { status: 'DROP' };
        return;
      }
      try {
        contracts.assertValid(event.type, event.data);
      } catch (error) {
        if (!(error instanceof ContractViolation)) throw error;
        log.warn({ eventId: event.id, type: event.type, problems: error.problems }, 'dropping an event that breaks its contract');
        ctx.body = { status: 'DROP' };
        return;
      }
      await subscription.handle(event);
      ctx.body = { status: 'SUCCESS' };
    });
  }
  return router;
}
