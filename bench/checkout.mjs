// Checkout throughput and latency: confirmed orders per second and p50/p99 order-to-CONFIRMED latency at 1, 10 and 50
// concurrent clients, through the gateway of a whole platform started on free ports (real sidecars, workflow engine,
// Postgres, Redis Streams), beside a baseline in the same run: one process doing the same inserts and updates in plain
// SQL transactions on the same Postgres. Every level is bounded in orders and seconds; traffic stays on 127.0.0.1.
//   npm run bench:checkout      (BENCH_LEVELS=1,10,50 BENCH_ORDERS=200 BENCH_SECONDS=30)
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import platformKit from '../packages/local-platform/dist/index.js';
import { withBenchShop } from './shop-fixture.mjs';

const { ensureServiceDatabases, postgresDurabilityFromEnvironment, versions } = platformKit;
// POSTGRES_DURABILITY=fast measures Postgres without fsync (results/checkout-fast.json) beside the default, durable one.
const durability = postgresDurabilityFromEnvironment();
const here = path.dirname(fileURLToPath(import.meta.url));
const levels = (process.env.BENCH_LEVELS ?? '1,10,50').split(',').map(Number).filter((n) => n > 0 && n <= 100);
const maxOrders = Math.min(Number(process.env.BENCH_ORDERS ?? 200), 2000);
const maxSeconds = Math.min(Number(process.env.BENCH_SECONDS ?? 30), 120);

const percentile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
const summarise = (label, clients, latencies, seconds) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { label, clients, orders: sorted.length, ordersPerSecond: +(sorted.length / seconds).toFixed(1), p50Ms: +percentile(sorted, 0.5).toFixed(1), p99Ms: +percentile(sorted, 0.99).toFixed(1) };
};

/** `clients` loops, each placing an order and waiting for its outcome, until the order or time budget is spent. */
async function drive(clients, placeAndAwait) {
  const latencies = [];
  let issued = 0;
  const started = Date.now();
  const deadline = started + maxSeconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (issued < maxOrders && Date.now() < deadline) {
      issued += 1;
      const t0 = process.hrtime.bigint();
      if (await placeAndAwait()) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }));
  return { latencies, seconds: (Date.now() - started) / 1000 };
}

await withBenchShop({}, async ({ platform, checkout: platformOrder }) => {
  const { ports } = platform.state;

  // The baseline: the same rows written in plain SQL transactions by one process, no services, no sidecars.
  await ensureServiceDatabases(ports.postgres, 'shop-local-superuser', [{ name: 'bench_baseline', password: 'bench' }]);
  const pool = new pg.Pool({ connectionString: `postgres://bench_baseline:bench@127.0.0.1:${ports.postgres}/bench_baseline`, max: 60 });
  await pool.query(`create table if not exists orders (id uuid primary key, user_id uuid, status text, total_cents int, created_at timestamptz default now());
    create table if not exists order_items (order_id uuid, product_id uuid, quantity int, price_cents int);
    create table if not exists history (order_id uuid, status text, at timestamptz default now());
    create table if not exists idempotency_keys (user_id uuid, key text, order_id uuid, primary key (user_id, key));
    create table if not exists stock (product_id uuid primary key, on_hand int check (on_hand >= 0), reserved int check (reserved >= 0));
    create table if not exists reservations (order_id uuid primary key, status text);
    create table if not exists payments (id uuid primary key, order_id uuid unique, amount_cents int, status text);
    create table if not exists outbox (id uuid primary key, type text, event jsonb, published_at timestamptz);`);
  const baselineProduct = randomUUID();
  await pool.query('insert into stock values ($1, 1000000, 0)', [baselineProduct]);
  const userId = randomUUID();
  const transaction = async (work) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await work(client);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  };
  const event = (type, orderId) => [randomUUID(), type, JSON.stringify({ orderId })];
  const baselineOrder = async () => {
    const orderId = randomUUID();
    await transaction(async (c) => {
      await c.query(`insert into orders values ($1, $2, 'PENDING', 999)`, [orderId, userId]);
      await c.query('insert into idempotency_keys values ($1, $2, $3)', [userId, randomUUID(), orderId]);
      await c.query('insert into order_items values ($1, $2, 1, 999)', [orderId, baselineProduct]);
      await c.query(`insert into history values ($1, 'PENDING')`, [orderId]);
      await c.query('insert into outbox values ($1, $2, $3)', event('order.created', orderId));
    });
    await transaction(async (c) => {
      const reserved = await c.query('update stock set reserved = reserved + 1 where product_id = $1 and on_hand - reserved >= 1', [baselineProduct]);
      if (reserved.rowCount !== 1) throw new Error('baseline out of stock');
      await c.query(`insert into reservations values ($1, 'reserved')`, [orderId]);
      await c.query('insert into outbox values ($1, $2, $3)', event('inventory.reserved', orderId));
    });
    await transaction(async (c) => {
      await c.query(`insert into payments values ($1, $2, 999, 'CAPTURED')`, [randomUUID(), orderId]);
      await c.query('insert into outbox values ($1, $2, $3)', event('payment.completed', orderId));
    });
    await transaction(async (c) => {
      await c.query('update stock set on_hand = on_hand - 1, reserved = reserved - 1 where product_id = $1', [baselineProduct]);
      await c.query(`update reservations set status = 'committed' where order_id = $1`, [orderId]);
      await c.query(`update orders set status = 'CONFIRMED' where id = $1`, [orderId]);
      await c.query(`insert into history values ($1, 'CONFIRMED')`, [orderId]);
      await c.query('insert into outbox values ($1, $2, $3)', event('order.confirmed', orderId));
    });
    return true;
  };

  console.log(`Dapr ${versions.DAPR_RUNTIME_VERSION}, node ${process.version}, ${os.cpus().length} cores, Postgres ${durability}; up to ${maxOrders} orders or ${maxSeconds} s per level`);
  await drive(2, platformOrder); // warm-up: workflow actors placed, caches and pools filled
  const rows = [];
  for (const clients of levels) {
    const measured = await drive(clients, platformOrder);
    const baseline = await drive(clients, baselineOrder);
    const platformRow = summarise('platform', clients, measured.latencies, measured.seconds);
    const baselineRow = summarise('baseline (plain SQL)', clients, baseline.latencies, baseline.seconds);
    rows.push(platformRow, baselineRow, { label: 'ratio platform/baseline', clients, orders: '', ordersPerSecond: +(platformRow.ordersPerSecond / baselineRow.ordersPerSecond).toFixed(3), p50Ms: +(platformRow.p50Ms / baselineRow.p50Ms).toFixed(1), p99Ms: +(platformRow.p99Ms / baselineRow.p99Ms).toFixed(1) });
  }
  await pool.end();
  console.table(rows);
  mkdirSync(path.join(here, 'results'), { recursive: true });
  const file = durability === 'durable' ? 'checkout.json' : `checkout-${durability}.json`;
  writeFileSync(path.join(here, 'results', file), `${JSON.stringify({ date: new Date().toISOString(), dapr: versions.DAPR_RUNTIME_VERSION, node: process.version, cores: os.cpus().length, postgresDurability: durability, maxOrders, maxSeconds, rows }, null, 2)}\n`);
});
