import type { PageSlice } from '@shop/service-kit';
import type { Arrival, DeadLetter, DeadLetterStatus, Envelope } from './dead-letter';

/** What the use cases need from the outside world. The data/ folder implements them; unit tests pass fakes. */

export interface DeadLetterCriteria {
  status?: DeadLetterStatus | undefined;
  topic?: string | undefined;
}

export interface DeadLetterQueries {
  findById(id: string): Promise<DeadLetter | undefined>;
  /** Newest arrival first; `total` counts every match, not just this slice. */
  list(criteria: DeadLetterCriteria, slice: PageSlice): Promise<{ items: DeadLetter[]; total: number }>;
}

/** Dead-letter writes inside one transaction. */
export interface DeadLetterLedger {
  /** Reads and locks, so a concurrent receipt, replay or discard of the same record waits for this one. */
  lockById(id: string): Promise<DeadLetter | undefined>;
  lockByEvent(eventId: string, topic: string): Promise<DeadLetter | undefined>;
  /** Stores a first arrival, or returns undefined when the event is already recorded (also by a concurrent arrival). */
  insertIfAbsent(id: string, arrival: Arrival): Promise<DeadLetter | undefined>;
  /** One more arrival: counts it, moves the last-received time and sets the status. */
  recordReceipt(id: string, status: DeadLetterStatus, at: Date): Promise<DeadLetter>;
  markReplayed(id: string, at: Date): Promise<DeadLetter>;
  markDiscarded(id: string, at: Date): Promise<DeadLetter>;
  /** Stores the envelope in the outbox for its topic, so it is published if and only if the transaction commits. */
  republish(topic: string, envelope: Envelope): Promise<void>;
}

/** Runs `work` in one database transaction: it commits when work returns and rolls back when it throws. */
export type InTransaction = <T>(work: (ledger: DeadLetterLedger) => Promise<T>) => Promise<T>;

export type Clock = () => Date;

export interface DeadLetterLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}
