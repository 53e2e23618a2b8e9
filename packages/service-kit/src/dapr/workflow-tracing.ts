import type { WorkflowActivityContext, WorkflowContext } from '@dapr/dapr';
import { currentContext, runWithContext } from '../request-context';
import { currentTraceparent, continueTrace, parseTraceparent } from '../trace-context';

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
  /** The correlation id of the request that scheduled the workflow: its activities' log lines and events keep it. */
  $correlationId?: string;
  $input: T;
}

interface Carried {
  traceparent?: string;
  correlationId?: string;
}

/** `input` with the traceparent of the span running now (and the request's correlation id), to schedule a workflow with. */
export function carryTrace<T>(input: T, carried: Carried = { traceparent: currentTraceparent(), correlationId: currentContext()?.correlationId }): TraceCarrier<T> {
  return {
    ...(carried.traceparent ? { $traceparent: carried.traceparent } : {}),
    ...(carried.correlationId ? { $correlationId: carried.correlationId } : {}),
    $input: input,
  };
}

const isCarrier = (value: unknown): value is TraceCarrier<unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, '$input');

/** The input, traceparent and correlation id a carrier holds; anything else is a plain input without a trace. */
export function unwrapCarrier<T>(value: TraceCarrier<T> | T): { input: T } & Carried {
  if (!isCarrier(value)) return { input: value as T };
  const { $input, $traceparent, $correlationId } = value as TraceCarrier<T>;
  return {
    input: $input,
    ...(typeof $traceparent === 'string' ? { traceparent: $traceparent } : {}),
    ...(typeof $correlationId === 'string' ? { correlationId: $correlationId } : {}),
  };
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
    const { input, ...carried } = unwrapCarrier(value);
    return workflow(carried.traceparent || carried.correlationId ? carryingContext(ctx, carried) : ctx, input);
  };
}

function carryingContext(ctx: WorkflowContext, carried: Carried): WorkflowContext {
  const wrap = (input: unknown) => carryTrace(input, carried);
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
    const { input, traceparent, correlationId } = unwrapCarrier(value);
    return continueTrace(traceparent, `activity ${name}`, async () => {
      if (!correlationId) return activity(ctx, input);
      const span = currentTraceparent() ?? traceparent;
      const traceId = parseTraceparent(span)?.traceId ?? '';
      return runWithContext({ correlationId, traceparent: span ?? '', traceId }, async () => activity(ctx, input));
    }, {
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
