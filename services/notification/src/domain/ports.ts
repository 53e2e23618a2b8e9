import type { Channel, Contact, NotificationDraft, NotificationSummary, PendingNotification } from './notification';

/** What the use cases need from the outside world. The data/ folder implements them; unit tests pass fakes. */

export type SendOutcome = { id: string; channel: Channel; outcome: 'sent' } | { id: string; channel: Channel; outcome: 'failed'; error: string };

export interface NotificationLedger {
  /** Records the drafts together with the event id, once per event id: a redelivered event records nothing. */
  recordOnce(eventId: string, drafts: NotificationDraft[]): Promise<'recorded' | 'duplicate'>;
  /**
   * Passes each of the event's notifications that is not sent yet to `send`, one at a time, and marks it sent once
   * `send` returns; a concurrent caller waits for it and then finds it sent. A failure is recorded on the
   * notification, which stays pending, and reported as a `failed` outcome.
   */
  sendPending(eventId: string, send: (notification: PendingNotification) => Promise<void>): Promise<SendOutcome[]>;
  /** The user's sent notifications, newest first. */
  listSent(userId: string): Promise<NotificationSummary[]>;
}

/** How to reach each customer, as learned from the events that carry it. */
export interface ContactBook {
  /** Keeps the newest contact per user: an older event arriving late does not overwrite a newer address. */
  remember(userId: string, contact: Contact, learnedAt: string): Promise<void>;
  find(userId: string): Promise<Contact | undefined>;
}

/** One way of delivering a message (the email relay, the SMS provider). Throws when it was not accepted. */
export interface MessageChannel {
  send(message: PendingNotification): Promise<void>;
}

export interface EventLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}
