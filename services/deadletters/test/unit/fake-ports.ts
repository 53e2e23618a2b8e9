import type { PageSlice } from '@shop/service-kit';
import type { Arrival, DeadLetter, DeadLetterStatus, Envelope } from '../../src/domain/dead-letter';
import type { DeadLetterCriteria, DeadLetterLedger, DeadLetterQueries, InTransaction } from '../../src/domain/ports';

/** The dead_letters table's rules in memory (uniqueness per event and topic; conditional updates). Locks are for the component tests. */
export class InMemoryDeadLetters implements DeadLetterQueries, DeadLetterLedger {
  readonly rows = new Map<string, DeadLetter>();
  readonly outbox: { topic: string; envelope: Envelope }[] = [];

  async findById(id: string) {
    return this.rows.get(id);
  }

  async list({ status, topic }: DeadLetterCriteria, { limit, offset }: PageSlice) {
    const matching = [...this.rows.values()]
      .filter((row) => (!status || row.status === status) && (!topic || row.topic === topic))
      .sort((a, b) => b.lastReceivedAt.getTime() - a.lastReceivedAt.getTime() || b.id.localeCompare(a.id));
    return { items: matching.slice(offset, offset + limit), total: matching.length };
  }

  lockById = this.findById;

  async lockByEvent(eventId: string, topic: string) {
    return [...this.rows.values()].find((row) => row.eventId === eventId && row.topic === topic);
  }

  async insertIfAbsent(id: string, arrival: Arrival) {
    if (await this.lockByEvent(arrival.eventId, arrival.topic)) return undefined;
    const { receivedAt, ...fields } = arrival;
    const row: DeadLetter = { id, ...fields, status: 'pending', timesReceived: 1, firstReceivedAt: receivedAt, lastReceivedAt: receivedAt, replayCount: 0, replayedAt: null, discardedAt: null };
    this.rows.set(id, row);
    return row;
  }

  async recordReceipt(id: string, status: DeadLetterStatus, at: Date) {
    return this.change(id, (row) => ({ ...row, status, timesReceived: row.timesReceived + 1, lastReceivedAt: at > row.lastReceivedAt ? at : row.lastReceivedAt }));
  }

  async markReplayed(id: string, at: Date) {
    return this.change(id, (row) => {
      if (row.status === 'discarded') throw new Error(`dead letter ${id} is discarded`);
      return { ...row, status: 'replayed', replayCount: row.replayCount + 1, replayedAt: at };
    });
  }

  async markDiscarded(id: string, at: Date) {
    return this.change(id, (row) => {
      if (row.status === 'discarded') throw new Error(`dead letter ${id} is already discarded`);
      return { ...row, status: 'discarded', discardedAt: at };
    });
  }

  async republish(topic: string, envelope: Envelope) {
    this.outbox.push({ topic, envelope });
  }

  /** Runs work against this store, like one transaction that always commits. */
  readonly inTransaction: InTransaction = (work) => work(this);

  private change(id: string, update: (row: DeadLetter) => DeadLetter): DeadLetter {
    const row = this.rows.get(id);
    if (!row) throw new Error(`dead letter ${id} does not exist`);
    const changed = update(row);
    this.rows.set(id, changed);
    return changed;
  }
}

export const silentLog = { info: () => undefined, warn: () => undefined };
