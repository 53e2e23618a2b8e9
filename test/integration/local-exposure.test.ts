import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isLoopback, listenersOf, processTreeOf, type PlatformState } from '@shop/local-platform';
import { platform } from './support/platform';

/**
 * Loopback is the local profile's only boundary: a socket bound to any other address (0.0.0.0, ::, an interface)
 * is reachable from the network. Every process the runner started (each leads a process group of its own) and every
 * process those started, with every TCP socket they listen on, from /proc.
 */
describe('local exposure', () => {
  const recorded = () => (JSON.parse(readFileSync(path.join(platform().runtimeDir, 'platform.json'), 'utf8')) as PlatformState).processes;

  it('when the platform runs, then no process it started listens on anything but loopback', () => {
    const tree = processTreeOf(recorded().map((p) => p.pid));

    const listeners = listenersOf(tree);

    // The scan sees the platform: at least the gateway, every sidecar's ports and the control plane.
    expect(listeners.length).toBeGreaterThan(30);
    expect(listeners.map((l) => l.port)).toEqual(expect.arrayContaining([Number(new URL(platform().gatewayUrl).port)]));
    const where = (l: { address: string; port: number }) => `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`;
    expect(listeners.filter((l) => !isLoopback(l.address)).map((l) => `${l.command} (pid ${l.pid}) on ${where(l)}`)).toEqual([]);
  });
});
