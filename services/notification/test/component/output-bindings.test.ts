import { randomUUID } from 'node:crypto';
import { emailChannel, smsChannel } from '../../src/data/binding-channels';
import { DaprOutputBindings } from '../../src/data/dapr-output-bindings';
import type { PendingNotification } from '../../src/domain/notification';
import { messagesTo } from './notification-under-test';

const bindings = () => new DaprOutputBindings(`http://127.0.0.1:${process.env.COMPONENT_DAPR_HTTP_PORT}`, 5_000);

const aNotification = (fields: Partial<PendingNotification>): PendingNotification => ({
  id: randomUUID(),
  eventId: randomUUID(),
  userId: randomUUID(),
  channel: 'email',
  template: 'order-shipped',
  to: `customer-${randomUUID()}@example.com`,
  subject: 'Your order #ABCDEF12 has shipped',
  body: 'Good news: your order is on its way.\n',
  ...fields,
});

describe('the output bindings, through daprd to the message sink', () => {
  it('when a text message is sent through the sms binding, then the SMS provider receives the number and the text', async () => {
    const phone = `+1555${Math.floor(Math.random() * 1e7).toString().padStart(7, '0')}`;

    await smsChannel(bindings(), 'sms').send(aNotification({ channel: 'sms', to: phone, body: 'Shop: Your order #ABCDEF12 has shipped.' }));

    expect(await messagesTo(phone, 'sms')).toEqual([expect.objectContaining({ channel: 'sms', to: phone, text: 'Shop: Your order #ABCDEF12 has shipped.' })]);
  });

  it('when an email with non-ASCII text is sent through the email binding, then it arrives intact as HTML', async () => {
    const message = aNotification({ subject: 'Ihre Bestellung — versandt ✓', html: '<p>Grüße &amp; danke: 2 × 12,99 €</p>' });

    await emailChannel(bindings(), 'email').send(message);

    const [email] = await messagesTo(message.to);
    expect(email).toEqual(expect.objectContaining({ subject: 'Ihre Bestellung — versandt ✓', to: [message.to] }));
    expect(email?.html).toContain('<p>Grüße &amp; danke: 2 × 12,99 €</p>');
  });

  it('when the binding does not exist, then sending fails with the sidecar answer', async () => {
    const send = emailChannel(bindings(), 'no-such-binding').send(aNotification({}));

    await expect(send).rejects.toThrow(/output binding no-such-binding answered 5\d\d/);
  });
});
