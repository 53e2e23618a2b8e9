import type { Channel, Contact, NotificationDraft, NotificationSummary, PendingNotification } from '../../src/domain/notification';
import type { ContactBook, EventLog, MessageChannel, NotificationLedger, SendOutcome } from '../../src/domain/ports';

interface Recorded extends PendingNotification {
  sentAt?: string;
}

/** The ledger's rules in memory: once per event id, pending until sent. (Row locking is for the component tests.) */
export class InMemoryLedger implements NotificationLedger {
  readonly events = new Set<string>();
  readonly rows: Recorded[] = [];

  async recordOnce(eventId: string, drafts: NotificationDraft[]): Promise<'recorded' | 'duplicate'> {
    if (this.events.has(eventId)) return 'duplicate';
    this.events.add(eventId);
    drafts.forEach((draft, index) => this.rows.push({ ...draft, id: `${eventId}-${index}`, eventId }));
    return 'recorded';
  }

  async sendPending(eventId: string, send: (notification: PendingNotification) => Promise<void>): Promise<SendOutcome[]> {
    const outcomes: SendOutcome[] = [];
    for (const row of this.rows.filter((r) => r.eventId === eventId && !r.sentAt)) {
      try {
        await send(row);
        row.sentAt = new Date().toISOString();
        outcomes.push({ id: row.id, channel: row.channel, outcome: 'sent' });
      } catch (error) {
        outcomes.push({ id: row.id, channel: row.channel, outcome: 'failed', error: (error as Error).message });
      }
    }
    return outcomes;
  }

  async listSent(userId: string): Promise<NotificationSummary[]> {
    return this.rows
      .filter((row): row is Recorded & { sentAt: string } => row.userId === userId && row.sentAt !== undefined)
      .map(({ id, channel, template, to, subject, sentAt }) => ({ id, channel, template, to, subject, sentAt }));
  }
}

export class InMemoryContactBook implements ContactBook {
  readonly contacts = new Map<string, Contact>();

  async remember(userId: string, contact: Contact): Promise<void> {
    this.contacts.set(userId, contact);
  }

  async find(userId: string): Promise<Contact | undefined> {
    return this.contacts.get(userId);
  }
}

/** Records what it was asked to send; fails the next `failures` sends. */
export class RecordingChannel implements MessageChannel {
  readonly sent: PendingNotification[] = [];
  failures = 0;

  async send(message: PendingNotification): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('relay unavailable');
    }
    this.sent.push(message);
  }
}

export const silentLog: EventLog = { info: () => undefined, warn: () => undefined };

export function fakeDeps() {
  const channels: Record<Channel, RecordingChannel> = { email: new RecordingChannel(), sms: new RecordingChannel() };
  return { notifications: new InMemoryLedger(), contacts: new InMemoryContactBook(), channels, log: silentLog };
}
