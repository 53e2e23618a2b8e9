import type { NotificationSummary } from './notification';
import type { NotificationLedger } from './ports';

/** The caller's own notifications that were sent, newest first. */
export async function listNotifications(userId: string, deps: { notifications: NotificationLedger }): Promise<NotificationSummary[]> {
  return deps.notifications.listSent(userId);
}
