import type { Knex, PageSlice } from '@shop/service-kit';
import type { Arrival, DeadLetter, DeadLetterStatus, Envelope } from '../domain/dead-letter';
import type { DeadLetterCriteria } from '../domain/ports';

const TABLE = 'dead_letters';

interface DeadLetterRow {
  id: string;
  event_id: string;
  topic: string;
  type: string | null;
  source: string | null;
  event: Envelope;
  status: DeadLetterStatus;
  times_received: number;
  first_received_at: Date;
  last_received_at: Date;
  replay_count: number;
  replayed_at: Date | null;
  discarded_at: Date | null;
}

const toDeadLetter = (row: DeadLetterRow): DeadLetter => ({
  id: row.id,
  eventId: row.event_id,
  topic: row.topic,
  type: row.type,
  source: row.source,
  envelope: row.event,
  status: row.status,
  timesReceived: row.times_received,
  firstReceivedAt: row.first_received_at,
  lastReceivedAt: row.last_received_at,
  replayCount: row.replay_count,
  replayedAt: row.replayed_at,
  discardedAt: row.discarded_at,
});

/** Reads and writes of the dead_letters table; `db` is the pool or a transaction. */
export class DeadLetterRepository {
  constructor(protected readonly db: Knex | Knex.Transaction) {}

  async findById(id: string): Promise<DeadLetter | undefined> {
    const row = (await this.db(TABLE).where({ id }).first()) as DeadLetterRow | undefined;
    return row && toDeadLetter(row);
  }

  async list({ status, topic }: DeadLetterCriteria, { limit, offset }: PageSlice): Promise<{ items: DeadLetter[]; total: number }> {
    const matching = this.db(TABLE);
    if (status) matching.where({ status });
    if (topic) matching.where({ topic });
    const [counted] = await matching.clone().count({ total: '*' });
    const rows = (await matching.orderBy([{ column: 'last_received_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit).offset(offset)) as DeadLetterRow[];
    return { items: rows.map(toDeadLetter), total: Number(counted?.total ?? 0) };
  }

  async lockById(id: string): Promise<DeadLetter | undefined> {
    const row = (await this.db(TABLE).where({ id }).forUpdate().first()) as DeadLetterRow | undefined;
    return row && toDeadLetter(row);
  }

  async lockByEvent(eventId: string, topic: string): Promise<DeadLetter | undefined> {
    const row = (await this.db(TABLE).where({ event_id: eventId, topic }).forUpdate().first()) as DeadLetterRow | undefined;
    return row && toDeadLetter(row);
  }

  async insertIfAbsent(id: string, arrival: Arrival): Promise<DeadLetter | undefined> {
    const rows = (await this.db(TABLE)
      .insert({
        id,
        event_id: arrival.eventId,
        topic: arrival.topic,
        type: arrival.type,
        source: arrival.source,
        event: JSON.stringify(arrival.envelope),
        status: 'pending',
        times_received: 1,
        first_received_at: arrival.receivedAt,
        last_received_at: arrival.receivedAt,
      })
      .onConflict(['event_id', 'topic'])
      .ignore()
      .returning('*')) as DeadLetterRow[];
    return rows[0] && toDeadLetter(rows[0]);
  }

  recordReceipt(id: string, status: DeadLetterStatus, at: Date): Promise<DeadLetter> {
    return this.update(this.db(TABLE).where({ id }), {
      status,
      times_received: this.db.raw('times_received + 1'),
      // Deliveries may arrive out of order; the last-received time never moves back.
      last_received_at: this.db.raw('greatest(last_received_at, ?)', [at]),
    }, `dead letter ${id} does not exist`);
  }

  /** A conditional UPDATE: a discarded record is never replayed, whatever the caller believed it read. */
  markReplayed(id: string, at: Date): Promise<DeadLetter> {
    return this.update(this.db(TABLE).where({ id }).whereNot({ status: 'discarded' }), {
      status: 'replayed',
      replay_count: this.db.raw('replay_count + 1'),
      replayed_at: at,
    }, `dead letter ${id} is discarded`);
  }

  markDiscarded(id: string, at: Date): Promise<DeadLetter> {
    return this.update(this.db(TABLE).where({ id }).whereNot({ status: 'discarded' }), { status: 'discarded', discarded_at: at }, `dead letter ${id} is already discarded`);
  }

  private async update(query: Knex.QueryBuilder, changes: Record<string, unknown>, failure: string): Promise<DeadLetter> {
    const rows = (await query.update({ ...changes, updated_at: this.db.fn.now() }).returning('*')) as DeadLetterRow[];
    if (!rows[0]) throw new Error(failure);
    return toDeadLetter(rows[0]);
  }
}
