import { createLogger } from '@shop/service-kit';
import { DaprJobRegistration } from '@shop/service-kit';
import { RESERVATION_SWEEP_JOB } from '../../src/jobs/reservation-sweep-job';
import { startInventory } from './inventory-under-test';

const sidecarUrl = () => `http://127.0.0.1:${process.env.COMPONENT_DAPR_HTTP_PORT}`;
const log = createLogger('inventory-test', 'silent');

describe('the reservation sweep job', () => {
  test('when the job is registered with the real sidecar, then the scheduler holds it with its schedule', async () => {
    const registration = new DaprJobRegistration(sidecarUrl(), { name: RESERVATION_SWEEP_JOB, schedule: '@every 30s' }, log);

    try {
      await registration.register();

      const stored = await fetch(registration.jobUrl());
      expect(stored.status).toBe(200);
      expect(await stored.json()).toMatchObject({ name: RESERVATION_SWEEP_JOB, schedule: '@every 30s' });
    } finally {
      await fetch(registration.jobUrl(), { method: 'DELETE' });
    }
  });

  test('when the job is registered again with another schedule, then the registration overwrites it', async () => {
    const first = new DaprJobRegistration(sidecarUrl(), { name: RESERVATION_SWEEP_JOB, schedule: '@every 30s' }, log);
    const second = new DaprJobRegistration(sidecarUrl(), { name: RESERVATION_SWEEP_JOB, schedule: '@every 45s' }, log);

    try {
      await first.register();
      await second.register();

      const stored = await fetch(second.jobUrl());
      expect(await stored.json()).toMatchObject({ schedule: '@every 45s' });
    } finally {
      await fetch(second.jobUrl(), { method: 'DELETE' });
    }
  });

  test('when no sidecar answers, then registration fails and the service still starts and serves', async () => {
    const unreachable = new DaprJobRegistration('http://127.0.0.1:1', { name: RESERVATION_SWEEP_JOB, schedule: '@every 30s' }, log);
    const inventory = await startInventory({ SCHEDULE_JOBS: 'true', DAPR_HTTP_PORT: '1' });

    try {
      await expect(unreachable.register()).rejects.toThrow();
      const get = await inventory.call('GET', `/inventory/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`);
      expect(get.status).toBe(200);
    } finally {
      await inventory.stop();
    }
  });
});
