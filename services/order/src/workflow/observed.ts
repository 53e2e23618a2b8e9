import type { WorkflowContext } from '@dapr/dapr';

export interface WorkflowMetrics {
  workflowEnded(workflow: string, result: string): void;
}

type Orchestrator<I, R> = (ctx: WorkflowContext, input: I) => AsyncGenerator<unknown, R, any>;

/**
 * Wraps an orchestrator to count how it ended. An orchestrator runs again from the top for every new event (replay);
 * only the execution that really ends it is not replaying, so each instance is counted once.
 */
export function observed<I, R extends string>(name: string, orchestrator: Orchestrator<I, R>, metrics: WorkflowMetrics): Orchestrator<I, R> {
  return async function* (ctx, input) {
    try {
      const result: R = yield* orchestrator(ctx, input);
      if (!ctx.isReplaying()) metrics.workflowEnded(name, result);
      return result;
    } catch (error) {
      if (!ctx.isReplaying()) metrics.workflowEnded(name, 'FAILED');
      throw error;
    }
  };
}
