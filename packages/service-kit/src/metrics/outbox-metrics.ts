import { Counter, Gauge, type Registry } from 'prom-client';

export interface OutboxBacklog {
  /** Rows not yet published. */
  unsent: number;
  /** Age in seconds of the oldest unpublished row; 0 when there is none. */
  oldestAgeSeconds: number;
}

/** What the outbox relay reports: its backlog (refreshed by the relay itself), and what each pass published or failed. */
export class OutboxMetrics {
  private readonly backlog: Gauge;
  private readonly oldestAge: Gauge;
  private readonly published: Counter;
  private readonly failures: Counter;

  constructor(registry: Registry) {
    this.backlog = new Gauge({ name: 'shop_outbox_backlog', help: 'Outbox rows written but not yet published to the broker', registers: [registry] });
    this.oldestAge = new Gauge({
      name: 'shop_outbox_oldest_unsent_age_seconds',
      help: 'Age in seconds of the oldest outbox row not yet published (0 when the outbox is drained)',
      registers: [registry],
    });
    this.published = new Counter({ name: 'shop_outbox_published_total', help: 'Outbox events the relay published', registers: [registry] });
    this.failures = new Counter({ name: 'shop_outbox_publish_failures_total', help: 'Outbox publish attempts that failed (the row is retried with back-off)', registers: [registry] });
  }

  recordBacklog({ unsent, oldestAgeSeconds }: OutboxBacklog): void {
    this.backlog.set(unsent);
    this.oldestAge.set(unsent === 0 ? 0 : Math.max(0, oldestAgeSeconds));
  }

  recordPass(published: number, failed: number): void {
    if (published) this.published.inc(published);
    if (failed) this.failures.inc(failed);
  }
}
