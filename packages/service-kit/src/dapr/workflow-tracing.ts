import type { WorkflowActivityContext, WorkflowContext } from '@dapr/dapr';
import { currentTraceparent, continueTrace } from '../trace-context';

/**
 * Dapr Workflow loses the trace between the call that schedules a workflow and the activities it runs: the JS SDK's
 * worker (durabletask) neither sends nor receives trace context, so an activity runs with no parent, in a new trace.
 * The trace is therefore carried in the payloads: the workflow's input and every activity's input are wrapped in a
 * `TraceCarrier` holding the traceparent of the code that scheduled the workflow, and each activity runs in a span
 * that continues it. Workflows and activities scheduled before this existed (plain inputs) still work: an input
 * that is not a carrier is used as it is, without a trace.
 */
export interface TraceCarrier<T> {
  $traceparent?: string;
  $input: T;
}

/** `input` with the traceparent of the span running now, to schedule a workflow with. */
export function carryTrace<T>(input: T, traceparent: string | undefined = currentTraceparent()): TraceCarrier<T> {
  return traceparent ? { $traceparent: traceparent, $input: input } : { $input: input };
}

const isCarrier = (value: unknown): value is TraceCarrier<unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, '$input');

/** The input and the traceparent a carrier holds; anything else is a plain input without a trace. */
export function unwrapCarrier<T>(value: TraceCarrier<T> | T): { input: T; traceparent?: string } {
  if (!isCarrier(value)) return { input: value as T };
  const { $input, $traceparent } = value as TraceCarrier<T>;
  return typeof $traceparent === 'string' ? { input: $input, traceparent: $traceparent } : { input: $input };
}

type Orchestrator<I> = (ctx: WorkflowContext, input: I) => unknown;
type Activity<I, O> = (ctx: WorkflowActivityContext, input: I) => O | Promise<O>;

/**
 * Wraps an orchestrator: it receives its own input unwrapped, and a context whose `callActivity` (and child workflow
 * calls) wrap each input with the workflow's traceparent. Deterministic on replay: the traceparent comes from the
 * workflow's input, never from the clock or the process.
 */
export function tracedWorkflow<I>(workflow: Orchestrator<I>): (ctx: WorkflowContext, input: TraceCarrier<I> | I) => unknown {
  return (ctx, value) => {
    const { input, traceparent } = unwrapCarrier(value);
    return workflow(traceparent ? carryingContext(ctx, traceparent) : ctx, input);
  };
}

function carryingContext(ctx: WorkflowContext, traceparent: string): WorkflowContext {
  const wrap = (input: unknown) => carryTrace(input, traceparent);
  return new Proxy(ctx, {
    get(target, property, receiver) {
      if (property === 'callActivity') return (activity: Parameters<WorkflowContext['callActivity']>[0], input?: unknown) => target.callActivity(activity, wrap(input) as never);
      if (property === 'callSubWorkflow' || property === 'callChildWorkflow') {
        return (workflow: Parameters<WorkflowContext['callChildWorkflow']>[0], input?: unknown, instanceId?: string) => target.callChildWorkflow(workflow, wrap(input), instanceId);
      }
      const member = Reflect.get(target, property, receiver) as unknown;
      return typeof member === 'function' ? (member as (...args: unknown[]) => unknown).bind(target) : member;
    },
  });
}

/**
 * Wraps an activity: it receives its own input unwrapped and runs in a span `activity <name>` continuing the trace
 * of the code that scheduled its workflow, so its calls (service invocation, database, outbox events) join it.
 */
export function tracedActivity<I, O>(name: string, activity: Activity<I, O>): (ctx: WorkflowActivityContext, input: TraceCarrier<I> | I) => Promise<O> {
  return (ctx, value) => {
    const { input, traceparent } = unwrapCarrier(value);
    return continueTrace(traceparent, `activity ${name}`, async () => activity(ctx, input), {
      attributes: { 'dapr.workflow.activity': name, 'dapr.workflow.instance_id': safeInstanceId(ctx) },
    });
  };
}

function safeInstanceId(ctx: WorkflowActivityContext): string {
  try {
    return ctx.getWorkflowInstanceId();
  } catch {
    return 'unknown';
  }
}
