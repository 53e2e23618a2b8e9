import { pageOf, pageRequestSchema, sliceOf, storableText, type Page } from '@shop/service-kit';
import { z } from 'zod';
import { DEAD_LETTER_STATUSES, summaryOf, type DeadLetterSummary } from './dead-letter';
import type { DeadLetterQueries } from './ports';

export const deadLetterSearchSchema = pageRequestSchema.extend({
  status: z.enum(DEAD_LETTER_STATUSES).optional(),
  topic: storableText().trim().min(1).max(200).optional(),
});
export type DeadLetterSearch = z.infer<typeof deadLetterSearchSchema>;

export interface ListDeps {
  deadLetters: DeadLetterQueries;
}

/** GET /dead-letters?status=&topic=&page=&pageSize= — newest arrival first. */
export async function listDeadLetters(search: DeadLetterSearch, deps: ListDeps): Promise<Page<DeadLetterSummary>> {
  const found = await deps.deadLetters.list({ status: search.status, topic: search.topic }, sliceOf(search));
  return pageOf(search, { items: found.items.map(summaryOf), total: found.total });
}
