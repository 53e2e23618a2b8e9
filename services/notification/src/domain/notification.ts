/** The words of this service: what a notification is, which template it uses, and where it goes. */

export type Channel = 'email' | 'sms';

export type TemplateName = 'order-confirmed' | 'order-cancelled' | 'order-shipped' | 'order-delivered' | 'refund-issued';

/** How a customer can be reached; an order event carries the email, a phone is not published yet. */
export interface Contact {
  email?: string;
  phone?: string;
}

/** A notification worked out from an event, before it is recorded. */
export interface NotificationDraft {
  userId: string;
  channel: Channel;
  template: TemplateName;
  to: string;
  subject: string;
  body: string;
  /** Email only: the same message as simple HTML. */
  html?: string;
}

/** A recorded notification that has not been sent yet. */
export interface PendingNotification extends NotificationDraft {
  id: string;
  eventId: string;
}

/** What the owner sees of a notification that was sent. */
export interface NotificationSummary {
  id: string;
  channel: Channel;
  template: TemplateName;
  to: string;
  subject: string;
  sentAt: string;
}
