import { handleOnce, type Knex } from '@shop/service-kit';
import type { Channel, NotificationSummary, PendingNotification, TemplateName } from '../domain/notification';
import type { NotificationLedger, SendOutcome } from '../domain/ports';

/** The inbox consumer name: this service handles each CloudEvent id once. */
export const CONSUMER = 'notification';
/** GET /notifications is a plain array (the platform contract); the newest hundred are what a customer looks at. */
const LIST_LIMIT = 100;

interface NotificationRow {
  id: string;
  event_id: string;
  user_id: string;
  channel: Channel;
  template: TemplateName;
  recipient: string;
  subject: string;
  body: string;
  html: string | null;
  attempts: number;
  sent_at: Date | null;
}

const toPending = (row: NotificationRow): PendingNotification => ({
  id: row.id,
  eventId: row.event_id,
  userId: row.user_id,
  channel: row.channel,
  template: row.template,
  to: row.recipient,
  subject: row.subject,
  body: row.body,
  ...(row.html === null ? {} : { html: row.html }),
});

const toSummary = (row: NotificationRow & { sent_at: Date }): NotificationSummary => ({
  id: row.id,
  channel: row.channel,
  template: row.template,
  to: row.recipient,
  subject: row.subject,
  sentAt: row.sent_at.toISOString(),
});

export function createNotificationLedger(db: Knex): NotificationLedger {
  return {
    async recordOnce(eventId, drafts) {
      const handled = await handleOnce(db, CONSUMER, eventId, async (trx) => {
        if (drafts.length === 0) return;
        await trx('notifications').insert(
          drafts.map((draft) => ({
            event_id: eventId,
            user_id: draft.userId,
            channel: draft.channel,
            template: draft.template,
            recipient: draft.to,
            subject: draft.subject,
            body: draft.body,
            html: draft.html ?? null,
          })),
        );
      });
      return handled === 'handled' ? 'recorded' : 'duplicate';
    },

    async sendPending(eventId, send) {
      const pending: { id: string }[] = await db('notifications').select('id').where({ event_id: eventId }).whereNull('sent_at').orderBy('channel');
      const outcomes: SendOutcome[] = [];
      for (const { id } of pending) {
        const outcome = await db.transaction(async (trx): Promise<SendOutcome | undefined> => {
          // The row lock is held across the send: a concurrent delivery of the event waits here, and Postgres then
          // re-checks `sent_at is null` against the committed row, so it skips what this one sent.
          const row: NotificationRow | undefined = await trx('notifications').where({ id }).whereNull('sent_at').forUpdate().first();
          if (!row) return undefined;
          try {
            await send(toPending(row));
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            await trx('notifications').where({ id }).update({ attempts: row.attempts + 1, last_error: message.slice(0, 2000) });
            return { id, channel: row.channel, outcome: 'failed', error: message };
          }
          await trx('notifications').where({ id }).update({ attempts: row.attempts + 1, last_error: null, sent_at: trx.fn.now() });
          return { id, channel: row.channel, outcome: 'sent' };
        });
        if (outcome) outcomes.push(outcome);
      }
      return outcomes;
    },

    async listSent(userId) {
      const rows: (NotificationRow & { sent_at: Date })[] = await db('notifications')
        .where({ user_id: userId })
        .whereNotNull('sent_at')
        .orderBy([{ column: 'sent_at', order: 'desc' }, { column: 'id', order: 'desc' }])
        .limit(LIST_LIMIT);
      return rows.map(toSummary);
    },
  };
}
