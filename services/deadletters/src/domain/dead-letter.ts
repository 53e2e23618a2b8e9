import { createHash } from 'node:crypto';
import { isStorableText, unstorableTextPaths } from '@shop/service-kit';

/**
 * A dead letter is an event some subscriber could never handle (it answered DROP, usually because the event broke its
 * contract): its sidecar moved it to the `deadletter` topic instead of retrying it forever. The office keeps one record
 * per event and original topic, until an admin replays it (publishes it again, unchanged) or discards it.
 */
export const DEAD_LETTER_STATUSES = ['pending', 'replayed', 'discarded'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

/**
 * The CloudEvent exactly as it reached the dead-letter topic. Dapr moves the original message there byte for byte, so
 * it is the publisher's envelope plus what the publisher's sidecar added (`topic`, `pubsubname`, `traceparent`, …).
 * Dapr 1.18 does not say which subscriber dropped it.
 */
export type Envelope = Record<string, unknown>;

export interface DeadLetter {
  id: string;
  eventId: string;
  /** The topic the event was first published to (its `topic` attribute), where a replay publishes it again. */
  topic: string;
  type: string | null;
  source: string | null;
  envelope: Envelope;
  status: DeadLetterStatus;
  timesReceived: number;
  firstReceivedAt: Date;
  lastReceivedAt: Date;
  replayCount: number;
  replayedAt: Date | null;
  discardedAt: Date | null;
}

/** One arrival on the dead-letter topic, before it is stored. */
export interface Arrival {
  eventId: string;
  topic: string;
  type: string | null;
  source: string | null;
  envelope: Envelope;
  receivedAt: Date;
}

/**
 * An attribute as a text column can hold it. NUL or an unpaired surrogate (from a stray publisher) cannot be stored in
 * text, so such an attribute counts as absent; the envelope keeps it all the same (json, unlike jsonb, accepts their
 * escapes), and a letter is never refused.
 */
const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 && isStorableText(value) ? value : null);

/**
 * What identifies an arrival: the CloudEvent id and the topic it was published to (falling back to its type, which is
 * the topic on this platform). An envelope without an id is named by the hash of its content, so it is still stored
 * once and never lost.
 */
export function arrivalOf(envelope: Envelope, receivedAt: Date): Arrival {
  return {
    eventId: text(envelope.id) ?? `sha256:${createHash('sha256').update(JSON.stringify(envelope)).digest('hex')}`,
    topic: text(envelope.topic) ?? text(envelope.type) ?? '',
    type: text(envelope.type),
    source: text(envelope.source),
    envelope,
    receivedAt,
  };
}

/**
 * The status after the event reaches the dead-letter topic again. A replayed event that comes back was dropped once
 * more, so it needs attention again; a discarded one stays discarded (an admin decided), and only its count grows.
 */
export function statusAfterReceipt(status: DeadLetterStatus): DeadLetterStatus {
  return status === 'discarded' ? 'discarded' : 'pending';
}

export type ReplayDecision = { replay: true } | { replay: false; reason: 'discarded' | 'unknown-topic' | 'unpublishable-text' };

/**
 * Pending and replayed events may be replayed (again: consumers skip event ids they already handled, so a second
 * replay only gives the subscriber that dropped it another chance). A discarded one may not, and an event is only
 * published to a topic of the platform (one with a published contract). Nor is one holding text Postgres cannot store
 * (NUL, a lone surrogate): the outbox (jsonb) could not hold it, and every consumer would drop it again.
 */
export function replayDecision(letter: Pick<DeadLetter, 'status' | 'topic' | 'envelope'>, isReplayableTopic: (topic: string) => boolean): ReplayDecision {
  if (letter.status === 'discarded') return { replay: false, reason: 'discarded' };
  if (!isReplayableTopic(letter.topic)) return { replay: false, reason: 'unknown-topic' };
  if (unstorableTextPaths(letter.envelope).length > 0) return { replay: false, reason: 'unpublishable-text' };
  return { replay: true };
}

export const canDiscard = (status: DeadLetterStatus): boolean => status !== 'discarded';

/**
 * What a replay publishes: the original envelope, unchanged (same id, type, source, data), addressed to its original
 * topic. Dapr keeps a CloudEvent's attributes when it is published as application/cloudevents+json, and overwrites
 * `topic` and `pubsubname` with where it goes now, which is where it went the first time.
 */
export const replayOf = (letter: Pick<DeadLetter, 'envelope' | 'topic'>): Envelope => ({ ...letter.envelope, topic: letter.topic });

/** The list shows what an admin triages by; the full envelope is in the single view. */
export interface DeadLetterSummary {
  id: string;
  eventId: string;
  topic: string;
  type: string | null;
  source: string | null;
  status: DeadLetterStatus;
  timesReceived: number;
  firstReceivedAt: string;
  lastReceivedAt: string;
  replayCount: number;
  replayedAt: string | null;
  discardedAt: string | null;
}

export interface DeadLetterView extends DeadLetterSummary {
  event: Envelope;
}

export const summaryOf = (letter: DeadLetter): DeadLetterSummary => ({
  id: letter.id,
  eventId: letter.eventId,
  topic: letter.topic,
  type: letter.type,
  source: letter.source,
  status: letter.status,
  timesReceived: letter.timesReceived,
  firstReceivedAt: letter.firstReceivedAt.toISOString(),
  lastReceivedAt: letter.lastReceivedAt.toISOString(),
  replayCount: letter.replayCount,
  replayedAt: letter.replayedAt?.toISOString() ?? null,
  discardedAt: letter.discardedAt?.toISOString() ?? null,
});

export const viewOf = (letter: DeadLetter): DeadLetterView => ({ ...summaryOf(letter), event: letter.envelope });
