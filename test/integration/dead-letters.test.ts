import { randomUUID } from 'node:crypto';
import { expectResponsesAsDocumented } from './support/documented-responses';
import { api, eventually, platform, registerAndLogin } from './support/platform';
import { admin, publishPoisonRegistration } from './support/shop';

interface DeadLetterView {
  id: string;
  eventId: string;
  topic: string;
  type: string | null;
  source: string | null;
  status: 'pending' | 'replayed' | 'discarded';
  timesReceived: number;
  firstReceivedAt: string;
  lastReceivedAt: string;
  replayCount: number;
  replayedAt: string | null;
  discardedAt: string | null;
  event: Record<string, unknown>;
}

interface Delivery {
  receivedOn: string;
  event: { id: string; type: string };
}

const probeDeliveries = async (eventId: string): Promise<Delivery[]> =>
  ((await (await fetch(`${platform().probeUrl}/received`)).json()) as Delivery[]).filter((delivery) => delivery.event.id === eventId);

async function deadLetterOf(eventId: string, token: string): Promise<DeadLetterView | undefined> {
  const list = await api<{ items: DeadLetterView[] }>('GET', '/dead-letters?topic=user.registered&pageSize=100', { token });
  const summary = list.body.items?.find((item) => item.eventId === eventId);
  return summary && (await api<DeadLetterView>('GET', `/dead-letters/${summary.id}`, { token })).body;
}

describe('the dead-letter office', () => {
  // Every response below, the helpers' included, must be as contracts/openapi/public.v1.yaml documents it.
  beforeAll(expectResponsesAsDocumented);

  it('when a subscriber drops a poison event, then it is listed for the admin, the subscriber goes on with the next event, and a replay publishes it again with the same id', async () => {
    const token = await admin();
    const eventId = `poison-${randomUUID()}`;

    await publishPoisonRegistration(eventId);
    const next = await registerAndLogin('after-the-poison');

    const stored = await eventually('the poison event in the dead-letter office', () => deadLetterOf(eventId, token), 30_000);
    expect(stored).toMatchObject({
      eventId,
      topic: 'user.registered',
      type: 'user.registered',
      source: 'auth',
      status: 'pending',
      timesReceived: 1,
      replayCount: 0,
      event: expect.objectContaining({ id: eventId, type: 'user.registered', topic: 'user.registered', data: expect.objectContaining({ userId: 'not-a-uuid' }) }),
    });
    // The user service handled the valid registration that came after the poison one: the profile has the real name.
    await eventually('the next registration handled by the user service', async () => {
      const profile = await api<{ name: string }>('GET', '/users/me', { token: next.accessToken });
      return profile.body.name === 'after-the-poison' ? true : undefined;
    }, 30_000);

    const replay = await api<DeadLetterView>('POST', `/dead-letters/${stored.id}/replay`, { token });

    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ id: stored.id, status: 'replayed', replayCount: 1 });
    // The replay crossed the broker unchanged (same id) to the original topic; the user service dropped it again,
    // so it came back: a second receipt of the same record, pending again.
    const returned = await eventually('the replayed event dropped again and received a second time', async () => {
      const letter = await deadLetterOf(eventId, token);
      return letter && letter.timesReceived >= 2 ? letter : undefined;
    }, 30_000);
    expect(returned).toMatchObject({ id: stored.id, status: 'pending', timesReceived: 2, replayCount: 1, replayedAt: expect.any(String) });
    expect(Date.parse(returned.lastReceivedAt)).toBeGreaterThan(Date.parse(returned.firstReceivedAt));
    const deliveries = await eventually('both publications at the probe', async () => {
      const seen = await probeDeliveries(eventId);
      return seen.filter((delivery) => delivery.receivedOn === 'user.registered').length >= 2 ? seen : undefined;
    });
    expect(deliveries.filter((delivery) => delivery.receivedOn === 'user.registered')).toHaveLength(2);
  }, 120_000);

  it('when an admin discards a dead letter, then a replay is refused with 409 problem+json through the gateway', async () => {
    const token = await admin();
    const eventId = `poison-${randomUUID()}`;
    await publishPoisonRegistration(eventId);
    const stored = await eventually('the poison event in the dead-letter office', () => deadLetterOf(eventId, token), 30_000);

    const discarded = await api<DeadLetterView>('POST', `/dead-letters/${stored.id}/discard`, { token });
    const replay = await api('POST', `/dead-letters/${stored.id}/replay`, { token });

    expect(discarded.status).toBe(200);
    expect(discarded.body).toMatchObject({ id: stored.id, status: 'discarded' });
    expect(replay.status).toBe(409);
    expect(replay.headers.get('content-type')).toContain('application/problem+json');
    expect(replay.body).toMatchObject({ type: 'https://shop.local/problems/conflict', status: 409 });
  }, 60_000);

  it('when a customer asks for the dead letters, then 403; without a token, then 401', async () => {
    const customer = await registerAndLogin('curious-customer');

    const asCustomer = await api('GET', '/dead-letters', { token: customer.accessToken });
    const replayAsCustomer = await api('POST', `/dead-letters/${randomUUID()}/replay`, { token: customer.accessToken });
    const anonymous = await api('GET', '/dead-letters');

    expect([asCustomer.status, replayAsCustomer.status, anonymous.status]).toEqual([403, 403, 401]);
    expect(asCustomer.headers.get('content-type')).toContain('application/problem+json');
  });
});
