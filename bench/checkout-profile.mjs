// Where one checkout's time goes, read from its trace: orders placed one at a time through the gateway of a whole
// platform on free ports, each with a traceparent of our own, then each trace read back from Zipkin and cut into
// phases that add up to the time to CONFIRMED: until the workflow's first activity starts, the activities themselves,
// and the workflow engine between them. Medians over the orders; bounded in count; traffic stays on 127.0.0.1.
//   npm run bench:profile      (BENCH_ORDERS=30)
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import platformKit from '../packages/local-platform/dist/index.js';
import { json, withBenchShop } from './shop-fixture.mjs';

const { versions } = platformKit;
const here = path.dirname(fileURLToPath(import.meta.url));
const orders = Math.min(Math.max(Number(process.env.BENCH_ORDERS ?? 30), 1), 200);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
};
const ms = (micros) => micros / 1000;
const end = (span) => span.timestamp + (span.duration ?? 0);

/**
 * One trace's phases, in ms: the gateway's request span (the 202); from the request's start to the first activity's
 * (the order stored, the workflow started and scheduled); the activity spans up to `confirmorder`, whose end is when
 * the order is CONFIRMED; the engine's time between one activity's end and the next one's start. The last three add
 * up to request start → CONFIRMED.
 */
function phasesOf(spans) {
  const request = spans.find((span) => span.localEndpoint?.serviceName === 'gateway' && span.kind === 'SERVER');
  const activities = spans.filter((span) => span.localEndpoint?.serviceName === 'order' && span.name.startsWith('activity ')).sort((a, b) => a.timestamp - b.timestamp);
  const confirm = activities.find((span) => span.name === 'activity confirmorder');
  if (!request || !confirm) return undefined;
  const steps = activities.filter((span) => span.timestamp <= confirm.timestamp);
  const between = steps.slice(1).reduce((sum, span, index) => sum + Math.max(0, span.timestamp - end(steps[index])), 0);
  return {
    request: ms(request.duration),
    toFirstActivity: ms(steps[0].timestamp - request.timestamp),
    activities: ms(steps.reduce((sum, span) => sum + span.duration, 0)),
    betweenActivities: ms(between),
    activityCount: steps.length,
    toConfirmed: ms(end(confirm) - request.timestamp),
    perActivity: Object.fromEntries(steps.map((span) => [span.name.replace('activity ', ''), ms(span.duration)])),
  };
}

async function traceOf(zipkinUrl, traceId) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const answer = await json(`${zipkinUrl}/api/v2/trace/${traceId}`);
    const phases = answer.status === 200 ? phasesOf(answer.body) : undefined;
    if (phases) return phases;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`trace ${traceId} never held the request and the confirmation`);
}

await withBenchShop({ tracing: 'zipkin' }, async ({ platform, checkout }) => {
  const zipkinUrl = platform.state.tracing.queryUrl;
  for (let i = 0; i < 3; i += 1) await checkout(); // warm-up: workflow actors placed, caches and pools filled
  const traceIds = [];
  for (let i = 0; i < orders; i += 1) {
    const traceId = randomBytes(16).toString('hex');
    if (await checkout({ traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` })) traceIds.push(traceId);
  }
  // Spans are exported in batches: read the traces once the last order has had time to be flushed.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const profiles = [];
  for (const traceId of traceIds) profiles.push(await traceOf(zipkinUrl, traceId));

  const phase = (name) => +median(profiles.map((profile) => profile[name])).toFixed(1);
  const rows = [
    { phase: 'the request itself (its 202 answer)', medianMs: phase('request') },
    { phase: 'request start → first activity starts (order stored, workflow started)', medianMs: phase('toFirstActivity') },
    { phase: `the ${median(profiles.map((p) => p.activityCount))} activities themselves (service calls, SQL)`, medianMs: phase('activities') },
    { phase: 'the workflow engine between activities', medianMs: phase('betweenActivities') },
    { phase: 'request start → CONFIRMED', medianMs: phase('toConfirmed') },
  ];
  const activityNames = Object.keys(profiles[0]?.perActivity ?? {});
  const perActivity = Object.fromEntries(activityNames.map((name) => [name, +median(profiles.map((p) => p.perActivity[name] ?? 0)).toFixed(1)]));
  console.log(`Dapr ${versions.DAPR_RUNTIME_VERSION}, node ${process.version}, ${os.cpus().length} cores; ${profiles.length} orders, one at a time`);
  console.table(rows);
  console.table(perActivity);
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'checkout-profile.json'), `${JSON.stringify({ date: new Date().toISOString(), dapr: versions.DAPR_RUNTIME_VERSION, node: process.version, cores: os.cpus().length, orders: profiles.length, rows, perActivity }, null, 2)}\n`);
});
