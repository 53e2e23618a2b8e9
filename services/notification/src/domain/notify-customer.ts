import { chooseChannels } from './channels';
import type { Channel, Contact, NotificationDraft } from './notification';
import type { ContactBook, EventLog, MessageChannel, NotificationLedger, SendOutcome } from './ports';
import { render, type TemplateInput } from './templates';

/** Something happened that the customer should hear about. */
export interface CustomerEvent {
  eventId: string;
  userId: string;
  input: TemplateInput;
  /** Present when the event itself says how to reach the customer (order events); otherwise it is looked up. */
  contact?: Contact;
  /** When the event happened; orders newer contact details over older ones. */
  occurredAt?: string;
}

export interface NotifyDeps {
  notifications: NotificationLedger;
  contacts: ContactBook;
  channels: Record<Channel, MessageChannel>;
  log: EventLog;
}

export class RecipientUnknown extends Error {
  override name = 'RecipientUnknown';
  constructor(readonly userId: string) {
    super(`no contact is known yet for user ${userId}`);
  }
}

export class NotificationsNotSent extends Error {
  override name = 'NotificationsNotSent';
  constructor(readonly eventId: string, readonly failures: SendOutcome[]) {
    super(`${failures.length} notification(s) of event ${eventId} were not sent: ${failures.map((f) => (f.outcome === 'failed' ? `${f.channel}: ${f.error}` : f.channel)).join('; ')}`);
  }
}

/**
 * Record, then send, then mark sent. This order is what lets Dapr's at-least-once delivery send each message once:
 * 1. The notifications and the event id (the inbox) commit together, once per event id.
 * 2. Each recorded notification not yet sent is sent while its row is locked and marked sent under that lock, so a
 *    concurrent delivery of the same event waits, then finds it sent.
 * 3. A failed send leaves it pending and throws, so Dapr redelivers: step 1 sees a duplicate, step 2 sends it.
 * The window left is a crash after the relay accepted a message but before "sent" committed; that one is sent again.
 * SMTP has no idempotency key, so at-least-once is the best a sender can do; marking sent before sending would lose
 * the message instead.
 */
export async function notifyCustomer(event: CustomerEvent, deps: NotifyDeps): Promise<void> {
  const contact = await contactFor(event, deps.contacts);
  await deps.notifications.recordOnce(event.eventId, draftNotifications(event, contact));
  const outcomes = await deps.notifications.sendPending(event.eventId, (notification) => deps.channels[notification.channel].send(notification));
  const failures = outcomes.filter((outcome) => outcome.outcome === 'failed');
  for (const { id, channel, outcome } of outcomes) {
    const fields = { eventId: event.eventId, template: event.input.template, notificationId: id, channel };
    if (outcome === 'sent') deps.log.info(fields, 'notification sent');
    else deps.log.warn(fields, 'notification not sent, the event will be redelivered');
  }
  if (failures.length > 0) throw new NotificationsNotSent(event.eventId, failures);
}

/** One notification per channel the customer can be reached on, rendered from the event's template. */
export function draftNotifications(event: CustomerEvent, contact: Contact): NotificationDraft[] {
  const message = render(event.input);
  return chooseChannels(contact).map(({ channel, to }) => ({
    userId: event.userId,
    channel,
    template: event.input.template,
    to,
    subject: message.subject,
    ...(channel === 'email' ? { body: message.text, html: message.html } : { body: message.short }),
  }));
}

async function contactFor(event: CustomerEvent, contacts: ContactBook): Promise<Contact> {
  if (event.contact) {
    await contacts.remember(event.userId, event.contact, event.occurredAt ?? new Date().toISOString());
    return event.contact;
  }
  const known = await contacts.find(event.userId);
  // A refund can overtake the order event that carries the address; throwing lets Dapr redeliver it later.
  if (!known) throw new RecipientUnknown(event.userId);
  return known;
}
