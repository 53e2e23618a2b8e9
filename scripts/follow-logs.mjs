#!/usr/bin/env node
// `make logs`: follows every log of the running platform (.runtime/logs/*.log, or SHOP_RUNTIME_DIR's), new files
// included, one line per entry prefixed with its source. The services' pino JSON lines become
// "time LEVEL service  message  key=value… [trace <id> corr <id>]"; daprd's and the infrastructure's lines are
// shown as they are. LOGS=order,payment shows only the files whose name starts with one of those words;
// LINES=N (default 10) is how much of each file's past is shown first.
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const logDir = path.join(process.env.SHOP_RUNTIME_DIR ?? path.join(repoRoot, '.runtime'), 'logs');
const only = (process.env.LOGS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const backlog = Number(process.env.LINES ?? 10);
const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
const LEVELS = { 10: ['TRACE', 90], 20: ['DEBUG', 36], 30: ['INFO ', 32], 40: ['WARN ', 33], 50: ['ERROR', 31], 60: ['FATAL', 35] };
const SHOWN_ELSEWHERE = new Set(['level', 'time', 'pid', 'hostname', 'name', 'service', 'version', 'msg', 'traceId', 'spanId', 'correlationId']);
const PALETTE = [34, 35, 36, 32, 33, 94, 95, 96, 92, 93];
const sourceColour = new Map();

function prefix(source) {
  if (!sourceColour.has(source)) sourceColour.set(source, PALETTE[sourceColour.size % PALETTE.length]);
  return paint(sourceColour.get(source), source.padEnd(22).slice(0, 22));
}

const short = (value) => (typeof value === 'string' ? (/[\s"]/.test(value) ? JSON.stringify(value) : value) : JSON.stringify(value));

function format(source, line) {
  let entry;
  try {
    entry = line.startsWith('{') ? JSON.parse(line) : undefined;
  } catch {
    entry = undefined;
  }
  if (!entry || typeof entry !== 'object') return `${prefix(source)} ${line}`;
  const [label, code] = LEVELS[entry.level] ?? [String(entry.level ?? '?').padEnd(5), 0];
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : new Date(entry.time ?? Date.now()).toISOString().slice(11, 23);
  const extra = Object.entries(entry)
    .filter(([key]) => !SHOWN_ELSEWHERE.has(key))
    .map(([key, value]) => (key === 'err' && value && typeof value === 'object' ? `err=${short(value.message ?? value.type)}${value.stack ? `\n${paint(90, value.stack)}` : ''}` : `${key}=${short(value)}`))
    .join(' ');
  const ids = [entry.traceId ? `trace ${entry.traceId}` : '', entry.correlationId ? `corr ${entry.correlationId}` : ''].filter(Boolean).join(' ');
  return `${prefix(source)} ${paint(90, time)} ${paint(code, label)} ${entry.msg ?? ''}${extra ? ` ${paint(90, extra)}` : ''}${ids ? ` ${paint(90, `[${ids}]`)}` : ''}`;
}

const followed = new Map();

function readNew(file, state) {
  let size;
  try {
    size = statSync(file).size;
  } catch {
    return;
  }
  if (size < state.offset) state.offset = 0; // truncated or replaced
  if (size === state.offset) return;
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(size - state.offset, 4 * 1024 * 1024));
    const read = readSync(fd, buffer, 0, buffer.length, state.offset);
    state.offset += read;
    const text = state.rest + buffer.subarray(0, read).toString('utf8');
    const lines = text.split('\n');
    state.rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) process.stdout.write(`${format(state.source, line)}\n`);
  } finally {
    closeSync(fd);
  }
}

function discover(first) {
  if (!existsSync(logDir)) return;
  for (const name of readdirSync(logDir).filter((f) => f.endsWith('.log')).sort()) {
    const file = path.join(logDir, name);
    if (followed.has(file)) continue;
    const source = name.replace(/\.log$/, '');
    if (only.length && !only.some((word) => source.startsWith(word))) continue;
    // Start a few lines before the end of what is already there.
    const size = statSync(file).size;
    let offset = first ? Math.max(0, size - 64 * 1024) : 0;
    const state = { source, offset, rest: '' };
    if (first && offset > 0) {
      const fd = openSync(file, 'r');
      const buffer = Buffer.alloc(size - offset);
      readSync(fd, buffer, 0, buffer.length, offset);
      closeSync(fd);
      const lines = buffer.toString('utf8').split('\n');
      const keep = lines.slice(-(backlog + 1)).join('\n');
      offset = size - Buffer.byteLength(keep);
      state.offset = offset;
    }
    if (first && backlog === 0) state.offset = size;
    followed.set(file, state);
  }
}

if (!existsSync(logDir)) {
  process.stderr.write(`no logs in ${logDir} yet: is the platform running (make up)?\n`);
  process.exit(1);
}
process.stdout.on('error', () => process.exit(0)); // `make logs | head` closed the pipe
process.stderr.write(`following ${logDir}/*.log${only.length ? ` (${only.join(', ')})` : ''}; Ctrl-C stops\n`);
discover(true);
for (const [file, state] of followed) readNew(file, state);
setInterval(() => {
  discover(false);
  for (const [file, state] of followed) readNew(file, state);
}, 300);
