import type { RouterMiddleware } from '@koa/router';
import { AppError, entityIdParam } from '@shop/service-kit';
import { discardDeadLetter, type DiscardDeps } from '../domain/discard-dead-letter';
import { deadLetterById, type FindDeps } from '../domain/find-dead-letter';
import { deadLetterSearchSchema, listDeadLetters, type ListDeps } from '../domain/list-dead-letters';
import { replayDeadLetter, type ReplayDeps } from '../domain/replay-dead-letter';

const deadLetterIdOf = (raw: string | undefined) => entityIdParam(raw, (id) => AppError.notFound(`dead letter ${id} does not exist`));

export type DeadLetterDeps = ListDeps & FindDeps & ReplayDeps & DiscardDeps;

export function deadLetterHandlers(deps: DeadLetterDeps) {
  return {
    list: async (ctx) => {
      ctx.body = await listDeadLetters(deadLetterSearchSchema.parse(ctx.query), deps);
    },
    getOne: async (ctx) => {
      ctx.body = await deadLetterById(deadLetterIdOf(ctx.params.id), deps);
    },
    replay: async (ctx) => {
      ctx.status = 202;
      ctx.body = await replayDeadLetter(deadLetterIdOf(ctx.params.id), deps);
    },
    discard: async (ctx) => {
      ctx.body = await discardDeadLetter(deadLetterIdOf(ctx.params.id), deps);
    },
  } satisfies Record<string, RouterMiddleware>;
}
