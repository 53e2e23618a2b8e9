import { PUBSUB_NAME, type CloudEvent, type DaprSidecar } from '@shop/service-kit';

/**
 * How this service's outbox relay publishes: every row is a replay, addressed to the topic the event was first
 * published to (its `topic` attribute), which need not be its type (a subscriber drops an event of another type that
 * was published to its topic, too). Published as application/cloudevents+json, so Dapr keeps the envelope.
 */
export function publishToOriginalTopic(sidecar: DaprSidecar): (event: CloudEvent) => Promise<void> {
  return (event) => {
    const { topic } = event as CloudEvent & { topic?: unknown };
    return sidecar.publish(event, PUBSUB_NAME, typeof topic === 'string' && topic.length > 0 ? topic : event.type);
  };
}
