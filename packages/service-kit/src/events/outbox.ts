import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Knex } from 'knex';
import { runOutsideContext } from '../request-context';
import type { Logger } from '../logger';
import type { OutboxBacklog, OutboxMetrics } from '../metrics/outbox-metrics';
import { buildCloudEvent, type CloudEvent } from './cloud-event';
import type { EventContracts } from './contracts';

export const OUTBOX_TABLE = 'outbox';

/** For a service's migration: the table its state changes write their events to, in the same transaction. */
export async function createOutboxTable(db: Knex): Promise<void> {
  await db.schema.createTable(OUTBOX_TABLE, (table) => {
    table.uuid('id').primary();
    table.text('type').notNullable();
    table.jsonb('event').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    table.timestamp('published_at', { useTz: true });
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error');
    table.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw(`create index outbox_pending on ${OUTBOX_TABLE} (next_attempt_at) where published_at is null`);
}

export interface OutboxRow {
  id: string;
  type: string;
  event: CloudEvent;
  published_at: Date | null;
  attempts: number;
  last_error: string | null;
}

export class Outbox {
  constructor(private readonly source: string, private readonly contracts: EventContracts) {}

  /** Validates the event against its contract and stores it inside the caller's transaction. */
  async enqueue<T>(trx: Knex.Transaction, type: string, data: T, subject?: string): Promise<CloudEvent<T>> {
    this.contracts.assertValid(type, data);
    const event = buildCloudEvent({ type, source: this.source, data, ...(subject ? { subject } : {}) });
    await trx(OUTBOX_TABLE).insert({ id: event.id, type, event: JSON.stringify(event) });
    return event;
  }
}

export interface OutboxRelayOptions {
  db: Knex;
  publish: (event: CloudEvent) => Promise<void>;
  log: Logger;
  pollMs?: number;
  batchSize?: number;
  maxBackoffMs?: number;
  /** Backlog gauges and publish counters; the backlog is re-read at most every `backlogEveryMs` (default 2 s). */
  metrics?: OutboxMetrics;
  backlogEveryMs?: number;
}

/**
 * Publishes outbox rows until the broker acknowledges them. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
 * replicas share the work without publishing a row twice in the normal case; a crash between publish and commit
 * republishes it, which consumers absorb through their inbox (at-least-once).
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly maxBackoffMs: number;
  private readonly backlogEveryMs: number;
  private backlogReadAt = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.pollMs = options.pollMs ?? 500;
    this.batchSize = options.batchSize ?? 50;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.backlogEveryMs = options.backlogEveryMs ?? 2_000;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a pass now, e.g. right after a transaction that enqueued events committed. */
  nudge(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over due rows; returns how many were published. Exposed for tests and for the nudge path. */
  async relayDue(): Promise<number> {
    const { published, failed } = await this.publishDue();
    // Counted once the pass committed: a rolled-back pass republishes its rows on the next one.
    this.options.metrics?.recordPass(published, failed);
    if (this.options.metrics && Date.now() - this.backlogReadAt >= this.backlogEveryMs) {
      this.backlogReadAt = Date.now();
      this.options.metrics.recordBacklog(await this.backlog());
    }
    return published;
  }

  /** Unpublished rows and the age of the oldest (every row not yet published, those backing off included). */
  async backlog(): Promise<OutboxBacklog> {
    const [row] = (await this.options.db(OUTBOX_TABLE)
      .whereNull('published_at')
      .select(this.options.db.raw('count(*)::int as unsent'), this.options.db.raw('coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as age'))) as { unsent: number; age: number }[];
    return { unsent: Number(row?.unsent ?? 0), oldestAgeSeconds: Number(row?.age ?? 0) };
  }

  private async publishDue(): Promise<{ published: number; failed: number }> {
    return this.options.db.transaction(async (trx) => {
      const rows = (await trx(OUTBOX_TABLE)
        .whereNull('published_at')
        .andWhere('next_attempt_at', '<=', trx.fn.now())
        .orderBy('created_at')
        .limit(this.batchSize)
        .forUpdate()
        .skipLocked()) as OutboxRow[];
      let published = 0;
      let failed = 0;
      for (const row of rows) {
        try {
          await this.options.publish(row.event);
          await trx(OUTBOX_TABLE).where({ id: row.id }).update({ published_at: trx.fn.now(), attempts: row.attempts + 1, last_error: null });
          published += 1;
        } catch (error) {
          failed += 1;
          const backoffMs = Math.min(this.maxBackoffMs, 200 * 2 ** row.attempts);
          const message = error instanceof Error ? error.message : String(error);
          this.options.log.warn({ eventId: row.id, type: row.type, attempts: row.attempts + 1, err: message }, 'outbox publish failed, will retry');
          await trx(OUTBOX_TABLE)
            .where({ id: row.id })
            .update({ attempts: row.attempts + 1, last_error: message.slice(0, 2000), next_attempt_at: trx.raw(`now() + interval '${backoffMs} milliseconds'`) });
        }
      }
      return { published, failed };
    });
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    // A timer armed by nudge() inside a request would run every later pass in that request's trace and context:
    // each pass runs outside both (each published event carries its own trace).
    this.timer = setTimeout(() => context.with(ROOT_CONTEXT, () => runOutsideContext(() => this.pass())), delayMs);
  }

  private pass(): void {
    this.running = this.relayDue()
      .then((count) => {
        if (count > 0) this.options.log.debug({ count }, 'outbox events published');
      })
      .catch((error: unknown) => this.options.log.warn({ err: error }, 'outbox pass failed'))
      .finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.pollMs);
      });
  }
}
