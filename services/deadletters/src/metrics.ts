import { Counter, type Registry } from 'prom-client';

/**
 * Dead letters received (first arrivals and repeats), by the topic the event was dropped from. Each known topic starts
 * at 0: a series born at 1 has no increase(), and the DeadLettersArriving alert would miss a topic's first dead letter.
 */
export function deadLetterCounter(registry: Registry, knownTopics: string[] = []): (topic: string) => void {
  const received = new Counter({
    name: 'shop_dead_letters_received_total',
    help: 'Events that arrived on the dead-letter topic and were recorded, by their original topic',
    labelNames: ['topic'] as const,
    registers: [registry],
  });
  for (const topic of knownTopics) received.inc({ topic }, 0);
  return (topic) => received.inc({ topic });
}
