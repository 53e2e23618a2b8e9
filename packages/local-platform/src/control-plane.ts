import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { daprBinary } from './paths';
import { httpStatus, waitForPort, waitUntil } from './ports';
import { spawnLogged, tail, type ManagedProcess } from './processes';

interface ControlPlanePorts {
  port: number;
  healthzPort: number;
  metricsPort: number;
}

export interface PlacementPorts extends ControlPlanePorts {
  /** Raft peer port; the default (8201) would collide between two platforms on one machine. */
  raftPort: number;
}

export interface SchedulerPorts extends ControlPlanePorts {
  etcdClientPort: number;
  etcdPeerPort: number;
}

/** Actor placement (used by Dapr Workflow). Its health and metrics ports are moved off 8080/9090, which collide. */
export async function startPlacement(ports: PlacementPorts, logDir: string): Promise<ManagedProcess> {
  const logFile = path.join(logDir, 'placement.log');
  const placement = spawnLogged({
    name: 'placement',
    command: daprBinary('placement'),
    args: [
      '--id', 'dapr-placement-0',
      '--initial-cluster', `dapr-placement-0=127.0.0.1:${ports.raftPort}`,
      '--port', String(ports.port),
      '--listen-address', '127.0.0.1',
      '--healthz-port', String(ports.healthzPort),
      '--healthz-listen-address', '127.0.0.1',
      '--metrics-port', String(ports.metricsPort),
      '--metrics-listen-address', '127.0.0.1',
      '--log-level', 'warn',
    ],
    logFile,
  });
  await waitForPort('placement', ports.port, 30_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${tail(logFile)}`);
  });
  return placement;
}

/** The scheduler (jobs, reminders, workflow timers) with its embedded etcd on loopback and data under the runtime dir. */
export async function startScheduler(ports: SchedulerPorts, dataDir: string, logDir: string): Promise<ManagedProcess> {
  const logFile = path.join(logDir, 'scheduler.log');
  mkdirSync(dataDir, { recursive: true });
  const id = 'dapr-scheduler-server-0';
  const scheduler = spawnLogged({
    name: 'scheduler',
    command: daprBinary('scheduler'),
    args: [
      '--id', id,
      '--port', String(ports.port),
      '--listen-address', '127.0.0.1',
      '--override-broadcast-host-port', `127.0.0.1:${ports.port}`,
      '--healthz-port', String(ports.healthzPort),
      '--healthz-listen-address', '127.0.0.1',
      '--metrics-port', String(ports.metricsPort),
      '--metrics-listen-address', '127.0.0.1',
      '--etcd-data-dir', dataDir,
      '--etcd-client-port', String(ports.etcdClientPort),
      '--etcd-client-listen-address', '127.0.0.1',
      '--etcd-initial-cluster', `${id}=http://127.0.0.1:${ports.etcdPeerPort}`,
      '--log-level', 'warn',
    ],
    logFile,
  });
  await waitUntil('scheduler', async () => (await httpStatus(`http://127.0.0.1:${ports.healthzPort}/healthz`)) === 200, 60_000).catch(
    (error: Error) => {
      throw new Error(`${error.message}\n${tail(logFile)}`);
    },
  );
  return scheduler;
}
