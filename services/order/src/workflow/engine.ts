import { DaprWorkflowClient, LogLevel, WorkflowRuntime, type TWorkflow } from '@dapr/dapr';
import { carryTrace, tracedActivity, tracedWorkflow, type Logger } from '@shop/service-kit';
import type { OrderRepository } from '../data/order-repository';
import type { Order } from '../domain/order';
import type { CheckoutStarter } from '../domain/ports';
import type { CheckoutActivities } from './activities';
import { cancelConfirmedOrder, checkout } from './checkout';
import { observed, type WorkflowMetrics } from './observed';
import { routeSdkLogs } from './sdk-logs';

export interface EngineOptions {
  daprHost: string;
  daprGrpcPort: number;
  daprApiToken?: string | undefined;
  orders: OrderRepository;
  activities: CheckoutActivities;
  log: Logger;
  metrics?: WorkflowMetrics;
}

const cancellationInstanceId = (orderId: string) => `cancel-${orderId}`;

/**
 * Hosts the checkout workflows in this process (a Dapr Workflow worker over the sidecar's gRPC API) and starts them.
 * Starting is guarded by the order row: Dapr would re-run a finished instance scheduled again under the same id.
 */
export class CheckoutEngine implements CheckoutStarter {
  private readonly runtime: WorkflowRuntime;
  private readonly client: DaprWorkflowClient;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(private readonly options: EngineOptions) {
    routeSdkLogs(options.log);
    const connection = {
      daprHost: options.daprHost,
      daprPort: String(options.daprGrpcPort),
      logger: { level: LogLevel.Warn },
      ...(options.daprApiToken ? { daprApiToken: options.daprApiToken } : {}),
    };
    this.runtime = new WorkflowRuntime(connection);
    const metrics = options.metrics ?? { workflowEnded: () => undefined };
    // The SDK's workflow worker carries no trace context: each workflow's input carries the traceparent of the request
    // that scheduled it, and each activity runs in a span continuing it (service-kit's workflow tracing).
    this.runtime.registerWorkflowWithName('checkout', tracedWorkflow(observed('checkout', checkout, metrics) as never) as unknown as TWorkflow);
    this.runtime.registerWorkflowWithName('cancelConfirmedOrder', tracedWorkflow(observed('cancelConfirmedOrder', cancelConfirmedOrder, metrics) as never) as unknown as TWorkflow);
    for (const [name, activity] of Object.entries(options.activities)) this.runtime.registerActivityWithName(name, tracedActivity(name, activity as never) as never);
    this.client = new DaprWorkflowClient(connection);
  }

  /**
   * The SDK's worker reconnects after a lost stream, but gives up for good when its very first connection fails, and
   * only logs it. So the worker starts once the sidecar's actor runtime runs, and a watchdog starts it again if it
   * died: `start()` refuses ("already running") while the worker is alive, which is the check.
   */
  async start(waitForSidecar: () => Promise<void>): Promise<void> {
    await waitForSidecar();
    await this.runtime.start();
    this.watchdog = setInterval(() => {
      this.runtime.start().then(
        () => this.options.log.warn('the workflow worker had stopped and was started again'),
        () => undefined,
      );
    }, 5_000);
    this.watchdog.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.watchdog);
    await this.runtime.stop().catch(() => undefined);
    await this.client.stop().catch(() => undefined);
  }

  /** Never fails the request that placed the order: a checkout that could not start now is started by `maintain`. */
  async startCheckout(order: Order): Promise<void> {
    try {
      await this.scheduleCheckout(order.id);
    } catch (error) {
      this.options.log.warn({ orderId: order.id, err: error }, 'checkout could not start now; maintenance will start it');
    }
  }

  async startCancellation(orderId: string): Promise<void> {
    try {
      await this.client.scheduleNewWorkflow('cancelConfirmedOrder', carryTrace(orderId), cancellationInstanceId(orderId));
      await this.options.orders.markCancelWorkflowStarted(orderId);
    } catch (error) {
      this.options.log.warn({ orderId, err: error }, 'cancellation could not start now; maintenance will start it');
    }
  }

  /**
   * Repairs what a crash between "order written" and "workflow scheduled" left behind, and purges the history of
   * workflows whose orders ended long ago (Dapr keeps it until purged).
   */
  async maintain(settings: { graceSeconds: number; retentionSeconds: number }): Promise<{ started: number; cancellations: number; purged: number }> {
    const orders = this.options.orders;
    const waiting = await orders.awaitingCheckout(settings.graceSeconds, 50);
    for (const order of waiting) {
      const known = await this.client.getWorkflowState(order.id, false).catch(() => undefined);
      if (known) await orders.markWorkflowStarted(order.id);
      else await this.scheduleCheckout(order.id);
    }
    const cancellations = await orders.awaitingCancellation(settings.graceSeconds, 50);
    for (const orderId of cancellations) {
      const known = await this.client.getWorkflowState(cancellationInstanceId(orderId), false).catch(() => undefined);
      if (known) await orders.markCancelWorkflowStarted(orderId);
      else await this.startCancellation(orderId);
    }
    const ended = await orders.endedBefore(settings.retentionSeconds, 100);
    const purged: string[] = [];
    for (const orderId of ended) {
      try {
        // false when an instance does not exist (a cancellation that never ran): nothing to purge is fine.
        await this.client.purgeWorkflow(orderId);
        await this.client.purgeWorkflow(cancellationInstanceId(orderId)).catch((error: unknown) => {
          if (!/not found|no such/i.test(String(error))) throw error;
        });
        purged.push(orderId);
      } catch (error) {
        this.options.log.warn({ orderId, err: error }, 'workflow history not purged yet; the next run retries');
      }
    }
    await orders.markPurged(purged);
    return { started: waiting.length, cancellations: cancellations.length, purged: purged.length };
  }

  private async scheduleCheckout(orderId: string): Promise<void> {
    const input = await this.options.orders.checkoutOrder(orderId);
    await this.client.scheduleNewWorkflow('checkout', carryTrace(input), orderId);
    await this.options.orders.markWorkflowStarted(orderId);
  }
}
