import { readFileSync } from 'node:fs';
import net from 'node:net';

/**
 * Ports handed out by this process. The OS may offer a port again once the probe socket is closed, so without this
 * two processes of one platform (say, a sidecar and the scheduler's etcd) could be given the same port.
 */
const handedOut = new Set<number>();

/**
 * Candidates come from below the kernel's ephemeral range: ports there are handed to outgoing connections, and one
 * could take a port between our probe and the process binding it.
 */
const CANDIDATES = (() => {
  let low = 32768;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low;
  } catch {
    /* not Linux: keep the usual default */
  }
  return { from: 20000, to: Math.max(20000 + 1000, Math.min(low, 32768)) - 1 };
})();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function probeFreePort(): Promise<number> {
  for (;;) {
    const port = CANDIDATES.from + Math.floor(Math.random() * (CANDIDATES.to - CANDIDATES.from + 1));
    if (await canListen(port)) return port;
  }
}

/** A port the OS considers free right now on 127.0.0.1, never one this process handed out before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await probeFreePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) ports.push(await freePort());
  return ports;
}

export function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` resolves true; fails with `what` and the last reason after `timeoutMs`. */
export async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (error) {
      if (error instanceof Error && error.name === 'StartFailed') throw error;
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(intervalMs);
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms${lastError ? ` (last error: ${lastError})` : ''}`);
}

export const waitForPort = (what: string, port: number, timeoutMs: number) => waitUntil(what, () => isPortOpen(port), timeoutMs);

export async function httpStatus(url: string): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  return response.status;
}
