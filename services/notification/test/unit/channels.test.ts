import { chooseChannels } from '../../src/domain/channels';
import { draftNotifications, type CustomerEvent } from '../../src/domain/notify-customer';

const anOrderEvent = (): CustomerEvent => ({
  eventId: 'event-1',
  userId: '7b0d6f6e-3d43-4f4e-9a43-2f5b1c1f0a01',
  input: {
    template: 'order-confirmed',
    order: { orderId: '3f2a9c1e-0000-4000-8000-000000000001', items: [{ productId: 'p-1', quantity: 1, priceCents: 500 }], totalCents: 500, currency: 'USD' },
  },
});

describe('channel decision', () => {
  it('when only an email address is known, then the customer is emailed and not texted', () => {
    const channels = chooseChannels({ email: 'ann@example.com' });

    expect(channels).toEqual([{ channel: 'email', to: 'ann@example.com' }]);
  });

  it('when a phone number is known too, then the customer is emailed and texted', () => {
    const channels = chooseChannels({ email: 'ann@example.com', phone: '+15550100' });

    expect(channels).toEqual([
      { channel: 'email', to: 'ann@example.com' },
      { channel: 'sms', to: '+15550100' },
    ]);
  });

  it('when only a phone number is known, then the customer is texted', () => {
    const channels = chooseChannels({ phone: '+15550100' });

    expect(channels).toEqual([{ channel: 'sms', to: '+15550100' }]);
  });

  it('when the phone number is blank, then no SMS is sent', () => {
    const channels = chooseChannels({ email: 'ann@example.com', phone: '  ' });

    expect(channels.map((chosen) => chosen.channel)).toEqual(['email']);
  });

  it('when nothing is known, then there is nothing to send', () => {
    const channels = chooseChannels({});

    expect(channels).toEqual([]);
  });

  it('when an event is drafted for email and SMS, then the email carries text and HTML and the SMS one short line', () => {
    const drafts = draftNotifications(anOrderEvent(), { email: 'ann@example.com', phone: '+15550100' });

    expect(drafts).toEqual([
      expect.objectContaining({ channel: 'email', to: 'ann@example.com', template: 'order-confirmed', html: expect.stringContaining('<p>') }),
      { userId: anOrderEvent().userId, channel: 'sms', template: 'order-confirmed', to: '+15550100', subject: 'Your order #3F2A9C1E is confirmed', body: 'Shop: Your order #3F2A9C1E is confirmed.' },
    ]);
    expect(drafts[0]?.body).toContain('Total: $5.00');
  });
});
