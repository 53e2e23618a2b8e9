import { readdirSync, readFileSync } from 'node:fs';

/** What /proc/<pid>/stat says about a process (the fields the runner uses). */
export interface ProcessStat {
  pid: number;
  /** The command name (at most 15 characters, as the kernel keeps it). */
  comm: string;
  /** R, S, D…; Z for a zombie: exited, waiting for its parent to collect it. */
  state: string;
  ppid: number;
  /** Process group: the runner starts each process in a group of its own, led by the process it recorded. */
  pgrp: number;
  /** Clock ticks after boot at which the process started (field 22): with the boot id, it names one process for good. */
  startTime: number;
}

/**
 * Parses /proc/<pid>/stat. The command name sits in parentheses and may itself hold spaces and parentheses, so the
 * fields are counted from its last `)`: field 3 (state) comes right after it, field 22 (starttime) 19 later.
 */
export function parseProcessStat(text: string): ProcessStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  const rest = text.slice(close + 2).trim().split(/\s+/);
  const field = (n: number) => Number(rest[n - 3]);
  const stat = { pid: Number(text.slice(0, open).trim()), comm: text.slice(open + 1, close), state: rest[0] ?? '', ppid: field(4), pgrp: field(5), startTime: field(22) };
  if (![stat.pid, stat.ppid, stat.pgrp, stat.startTime].every(Number.isInteger)) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  return stat;
}

export function readProcessStat(pid: number): ProcessStat | undefined {
  try {
    return parseProcessStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every process of the machine now (those that exit while being read are left out). */
export function allProcessStats(): ProcessStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcessStat(Number(name)))
    .filter((stat): stat is ProcessStat => stat !== undefined);
}

/** Changes at every boot: a start time is only comparable within one boot. */
export function currentBootId(): string {
  return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
}

/**
 * Who a recorded pid was when the runner started it. After a reboot, or once the process has exited, the kernel may
 * give the same pid to an unrelated process: only the same boot and the same start time make it the same process.
 */
export interface ProcessIdentity {
  pid: number;
  bootId: string;
  startTime: number;
}

/** The identity of the process running under `pid` now; none when there is none, or only its zombie. */
export function identityOf(pid: number): ProcessIdentity | undefined {
  const stat = readProcessStat(pid);
  return stat && stat.state !== 'Z' ? { pid, bootId: currentBootId(), startTime: stat.startTime } : undefined;
}

/**
 * Whether a recorded process is the one running under its pid now. A record without an identity (written by an older
 * runner) is never trusted: its pid may belong to anyone by now.
 */
export function isSameProcess(recorded: Partial<ProcessIdentity> & { pid: number }, running: ProcessIdentity | undefined): boolean {
  if (!running || recorded.bootId === undefined || recorded.startTime === undefined) return false;
  return running.pid === recorded.pid && running.bootId === recorded.bootId && running.startTime === recorded.startTime;
}

/** The recorded process is alive and is the one that was recorded. */
export const isRecordedProcessAlive = (recorded: Partial<ProcessIdentity> & { pid: number }): boolean => isSameProcess(recorded, identityOf(recorded.pid));
