import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { allProcessStats } from './process-identity';

/** A TCP socket in LISTEN state, as /proc/net/tcp or /proc/net/tcp6 lists it. */
export interface ListeningSocket {
  inode: number;
  address: string;
  port: number;
}

/** A listening socket with the process that holds it. */
export interface Listener extends ListeningSocket {
  pid: number;
  command: string;
}

const LISTEN = '0A';

/** /proc/net/tcp keeps each 32-bit word of an address in the host's (little-endian) byte order. */
function decodeAddress(hex: string): string {
  const bytes = Array.from({ length: hex.length / 8 }, (_, word) => Buffer.from(hex.slice(word * 8, word * 8 + 8), 'hex').reverse()).flatMap((b) => [...b]);
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[i * 2]! << 8) | bytes[i * 2 + 1]!).toString(16));
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') return `::ffff:${bytes.slice(12).join('.')}`;
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
}

/** The LISTEN entries of /proc/net/tcp or /proc/net/tcp6. */
export function parseListeningSockets(table: string): ListeningSocket[] {
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length > 9 && fields[3] === LISTEN)
    .map((fields) => {
      const [address, port] = fields[1]!.split(':') as [string, string];
      return { inode: Number(fields[9]), address: decodeAddress(address), port: parseInt(port, 16) };
    });
}

/** 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6. Anything else (0.0.0.0, ::, an interface) is reachable. */
export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address);
}

/**
 * The processes of the given process groups and all their descendants: what the runner started (each in a group of
 * its own) and whatever those started in turn, even in a new group.
 */
export function processTreeOf(groupLeaders: number[]): number[] {
  const stats = allProcessStats();
  const members = new Set(stats.filter((stat) => groupLeaders.includes(stat.pgrp) || groupLeaders.includes(stat.pid)).map((stat) => stat.pid));
  for (let grown = true; grown; ) {
    grown = false;
    for (const stat of stats) {
      if (!members.has(stat.pid) && members.has(stat.ppid)) {
        members.add(stat.pid);
        grown = true;
      }
    }
  }
  return [...members];
}

function socketInodesOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        } catch {
          return undefined;
        }
      })
      .filter((inode): inode is string => inode !== undefined)
      .map(Number);
  } catch {
    return [];
  }
}

const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(0, 3).join(' ');
  } catch {
    return '?';
  }
};

/** Every TCP socket the given processes listen on, with the address each is bound to. */
export function listenersOf(pids: number[]): Listener[] {
  const sockets = new Map<number, ListeningSocket>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const socket of parseListeningSockets(readFileSync(table, 'utf8'))) sockets.set(socket.inode, socket);
  }
  return pids.flatMap((pid) =>
    socketInodesOf(pid)
      .map((inode) => sockets.get(inode))
      .filter((socket): socket is ListeningSocket => socket !== undefined)
      .map((socket) => ({ ...socket, pid, command: commandOf(pid) })),
  );
}
