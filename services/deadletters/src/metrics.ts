import { Counter, type Registry } from 'prom-client';

/** Dead letters received (first arrivals and repeats), by the topic the event was dropped from. */
export function deadLetterCounter(registry: Registry): (topic: string) => void {
  const received = new Counter({
    name: 'shop_dead_letters_received_total',
    help: 'Events that arrived on the dead-letter topic and were recorded, by their original topic',
    labelNames: ['topic'] as const,
    registers: [registry],
  });
  return (topic) => received.inc({ topic });
}
