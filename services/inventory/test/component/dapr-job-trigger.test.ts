import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { freePorts, Platform, renderSharedConfiguration, startScheduler, startSidecar, waitForSidecarOutbound, type ManagedProcess } from '@shop/local-platform';
import { RESERVATION_SWEEP_JOB } from '../../src/jobs/reservation-sweep-job';
import { givenStock, reserve, startInventory, stockOf, type InventoryUnderTest } from './inventory-under-test';

/**
 * The shared component sidecar has no app, so nothing would receive a trigger. This test gives the service a scheduler
 * and a sidecar of its own (real daprd, app id of its own, reaching the catalog the inventory asks) and waits for the
 * scheduler to call the sweep.
 */
describe('the reservation sweep job, fired by the real Dapr scheduler', () => {
  const processes: ManagedProcess[] = [];
  const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'inventory-job-'));
  let inventory: InventoryUnderTest | undefined;

  afterAll(async () => {
    await inventory?.stop();
    await Platform.stopRecorded(processes);
    rmSync(runtimeDir, { recursive: true, force: true });
  });

  test('when the service starts with its sidecar, then the scheduler calls the sweep and an expired reservation is released', async () => {
    const [s1, s2, s3, s4, s5, httpPort, grpcPort, internalGrpcPort, metricsPort] = (await freePorts(9)) as number[] as [number, number, number, number, number, number, number, number, number];
    processes.push(await startScheduler({ port: s1, healthzPort: s2, metricsPort: s3, etcdClientPort: s4, etcdPeerPort: s5 }, path.join(runtimeDir, 'scheduler'), runtimeDir));
    // Started before its sidecar exists, as in a real rollout: registration has to keep retrying in the background.
    inventory = await startInventory({ SCHEDULE_JOBS: 'true', SWEEP_SCHEDULE: '@every 1s', DAPR_HTTP_PORT: String(httpPort) });
    const sidecar = startSidecar({
      appId: `inventory-${randomUUID().slice(0, 8)}`,
      appPort: inventory.service.port(),
      httpPort,
      grpcPort,
      internalGrpcPort,
      metricsPort,
      resourcesPath: emptyDirectory(path.join(runtimeDir, 'components')),
      // Its name resolution is the one of the catalog the inventory asks, so stocking a product reaches it.
      configFile: renderSharedConfiguration(path.join(runtimeDir, 'config.yaml'), inventory.catalog.nameResolutionDb),
      placementAddress: '127.0.0.1:1',
      schedulerAddress: `127.0.0.1:${s1}`,
      logDir: runtimeDir,
    });
    processes.push(sidecar);
    await waitForSidecarOutbound(sidecar, httpPort);
    const productId = await givenStock(inventory, { onHand: 5, lowStockThreshold: 0 });
    const orderId = randomUUID();

    await reserve(inventory, [{ productId, quantity: 2 }], { orderId, ttlSeconds: 1 });

    await eventually(async () => expect(await inventory!.db('reservations').where({ order_id: orderId }).first()).toMatchObject({ status: 'expired' }), 25_000);
    expect(await stockOf(inventory, productId)).toMatchObject({ reserved: 0, available: 5 });
    const stored = await fetch(`http://127.0.0.1:${httpPort}/v1.0-alpha1/jobs/${RESERVATION_SWEEP_JOB}`);
    expect(await stored.json()).toMatchObject({ name: RESERVATION_SWEEP_JOB, schedule: '@every 1s' });
  }, 60_000);
});

function emptyDirectory(directory: string): string {
  mkdirSync(directory, { recursive: true });
  return directory;
}

async function eventually(assertion: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
