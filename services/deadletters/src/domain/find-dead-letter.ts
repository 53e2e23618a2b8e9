import { AppError } from '@shop/service-kit';
import { viewOf, type DeadLetterView } from './dead-letter';
import { isEntityId } from './entity-id';
import type { DeadLetterQueries } from './ports';

export interface FindDeps {
  deadLetters: DeadLetterQueries;
}

export async function deadLetterById(id: string, deps: FindDeps): Promise<DeadLetterView> {
  const letter = isEntityId(id) ? await deps.deadLetters.findById(id) : undefined;
  if (!letter) throw AppError.notFound(`dead letter ${id} does not exist`);
  return viewOf(letter);
}
