import Router from '@koa/router';
import { AppError, PUBSUB_NAME } from '@shop/service-kit';
import type { Envelope } from '../domain/dead-letter';

/** Where every subscription of the platform sends what it drops (service-kit's subscriptionRoutes). */
export const DEAD_LETTER_TOPIC = 'deadletter';

/**
 * The office's one subscription, written by hand rather than with service-kit's subscriptionRoutes, because it differs
 * on purpose in three ways:
 * - it names no `deadLetterTopic`: the dead-letter topic must not dead-letter into itself;
 * - it never answers DROP: an event it cannot store yet (database away) fails with 500, and Dapr retries it (the
 *   sidecar's resiliency policy, then Redis redelivery), so a dead letter is never lost;
 * - it checks no contract: the events arriving here are the ones that broke theirs, of any type.
 */
export function deadLetterSubscriptionRoutes(receive: (envelope: Envelope) => Promise<unknown>, pubsubName = PUBSUB_NAME): Router {
  const router = new Router();
  router.get('/dapr/subscribe', (ctx) => {
    ctx.body = [{ pubsubname: pubsubName, topic: DEAD_LETTER_TOPIC, route: `/events/${DEAD_LETTER_TOPIC}` }];
  });
  router.post(`/events/${DEAD_LETTER_TOPIC}`, async (ctx) => {
    const envelope = ctx.request.body;
    // The sidecar delivers only messages it could read as a JSON object; anything else was not sent by Dapr.
    if (!envelope || typeof envelope !== 'object' || Array.isArray(envelope)) throw AppError.validation('a dead letter is a CloudEvent (a JSON object)');
    // A failure to store it propagates: the error middleware logs it and answers 500, and Dapr delivers it again.
    await receive(envelope as Envelope);
    ctx.body = { status: 'SUCCESS' };
  });
  return router;
}
