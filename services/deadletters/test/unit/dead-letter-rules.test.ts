import { arrivalOf, canDiscard, replayDecision, replayOf, statusAfterReceipt } from '../../src/domain/dead-letter';

const receivedAt = new Date('2026-11-24T10:00:00Z');
const anyTopic = () => true;

describe('dead letter rules', () => {
  test('when an event arrives, then it is identified by its id and the topic it was first published to', () => {
    const envelope = { id: 'e-1', type: 'order.confirmed', source: 'order', topic: 'order.cancelled', pubsubname: 'pubsub', data: {} };

    const arrival = arrivalOf(envelope, receivedAt);

    expect(arrival).toEqual({ eventId: 'e-1', topic: 'order.cancelled', type: 'order.confirmed', source: 'order', envelope, receivedAt });
  });

  test('when an event carries no topic attribute, then its type stands for the topic', () => {
    expect(arrivalOf({ id: 'e-1', type: 'user.registered' }, receivedAt).topic).toBe('user.registered');
  });

  test('when an event has no id, then it is named by the hash of its content: the same content, the same name', () => {
    const first = arrivalOf({ type: 'user.registered', data: { a: 1 } }, receivedAt);
    const again = arrivalOf({ type: 'user.registered', data: { a: 1 } }, receivedAt);
    const other = arrivalOf({ type: 'user.registered', data: { a: 2 } }, receivedAt);

    expect(first.eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again.eventId).toBe(first.eventId);
    expect(other.eventId).not.toBe(first.eventId);
  });

  test('when an attribute holds NUL or a lone surrogate, then it counts as absent (text cannot hold it) and the envelope is kept whole', () => {
    const envelope = { id: 'e-\u0000', type: 'order.confirmed\uD800', source: '\u0000', topic: 'order.\uDC00', data: { note: '\u0000' } };

    const arrival = arrivalOf(envelope, receivedAt);

    expect(arrival).toEqual({ eventId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), topic: '', type: null, source: null, envelope, receivedAt });
  });

  test('when a pending or replayed event arrives again, then it is pending; a discarded one stays discarded', () => {
    expect(statusAfterReceipt('pending')).toBe('pending');
    expect(statusAfterReceipt('replayed')).toBe('pending');
    expect(statusAfterReceipt('discarded')).toBe('discarded');
  });

  test('when a pending or already replayed event is replayed, then it may be; a discarded one may not', () => {
    expect(replayDecision({ status: 'pending', topic: 'order.confirmed', envelope: {} }, anyTopic)).toEqual({ replay: true });
    expect(replayDecision({ status: 'replayed', topic: 'order.confirmed', envelope: {} }, anyTopic)).toEqual({ replay: true });
    expect(replayDecision({ status: 'discarded', topic: 'order.confirmed', envelope: {} }, anyTopic)).toEqual({ replay: false, reason: 'discarded' });
  });

  test('when the original topic is not a topic of the platform, then the event is not replayed', () => {
    const platformTopics = new Set(['order.confirmed']);

    expect(replayDecision({ status: 'pending', topic: 'made.up', envelope: {} }, (topic) => platformTopics.has(topic))).toEqual({ replay: false, reason: 'unknown-topic' });
    expect(replayDecision({ status: 'pending', topic: '', envelope: {} }, (topic) => platformTopics.has(topic))).toEqual({ replay: false, reason: 'unknown-topic' });
  });

  test('when the envelope holds NUL or a lone surrogate, then it is not replayed: no outbox or consumer could store it', () => {
    expect(replayDecision({ status: 'pending', topic: 'order.confirmed', envelope: { data: { name: 'a \u0000 b' } } }, anyTopic)).toEqual({ replay: false, reason: 'unpublishable-text' });
    expect(replayDecision({ status: 'pending', topic: 'order.confirmed', envelope: { subject: '\uD800' } }, anyTopic)).toEqual({ replay: false, reason: 'unpublishable-text' });
  });

  test('when an event is discarded, then only once', () => {
    expect(canDiscard('pending')).toBe(true);
    expect(canDiscard('replayed')).toBe(true);
    expect(canDiscard('discarded')).toBe(false);
  });

  test('when an event is replayed, then the envelope is published unchanged, addressed to its original topic', () => {
    const envelope = { id: 'e-1', type: 'order.confirmed', source: 'order', specversion: '1.0', traceparent: '00-abc-def-01', data: { orderId: 'x' } };

    expect(replayOf({ envelope, topic: 'order.confirmed' })).toEqual({ ...envelope, topic: 'order.confirmed' });
  });
});
