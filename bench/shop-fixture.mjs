// What the checkout benchmarks share: a whole platform on free ports (a throw-away folder, 127.0.0.1 only), a stocked
// product and a logged-in customer, and one order placed through the gateway and awaited until it ends.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import platformKit from '../packages/local-platform/dist/index.js';

const { Platform, freeInfrastructurePorts, profileFromEnvironment, describeProfile } = platformKit;

export async function json(url, init) {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const auth = (token) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

/** Runs `work(shop)` on a fresh platform and stops it afterwards, whatever happens. `options` go to Platform.start. */
export async function withBenchShop(options, work) {
  const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'shop-integration-bench-'));
  let platform;
  try {
    const ports = await freeInfrastructurePorts();
    // BROKER, ACTOR_STATE and SECRETS pick the components, as for `make up`.
    const profile = profileFromEnvironment();
    console.log(`starting the platform (${describeProfile(profile)}) on free ports in ${runtimeDir} …`);
    // One customer polls its orders many times a second: the gateway's 100 requests a minute per user (tested on its
    // own) would turn the measurement into one of the rate limiter.
    const envOverrides = { gateway: { RATE_LIMIT_PER_MINUTE: '100000000' } };
    platform = await Platform.start({ runtimeDir, ports, freeAppPorts: true, readinessTimeoutMs: 120_000, envOverrides, profile, ...options });
    return await work(await seedShop(platform, runtimeDir));
  } finally {
    await platform?.stop();
    rmSync(runtimeDir, { recursive: true, force: true });
  }
}

async function seedShop(platform, runtimeDir) {
  const api = `http://127.0.0.1:${platform.app('gateway').appPort}/api/v1`;
  const secrets = JSON.parse(readFileSync(path.join(runtimeDir, 'secrets', 'local-secrets.json'), 'utf8'));
  const admin = (await json(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@shop.local', password: secrets['admin-password'] }) })).body.accessToken;
  const category = (await json(`${api}/categories`, { method: 'POST', headers: auth(admin), body: JSON.stringify({ name: `Bench ${Date.now()}` }) })).body;
  const product = (await json(`${api}/products`, { method: 'POST', headers: auth(admin), body: JSON.stringify({ sku: `BENCH-${Date.now()}`, name: 'Bench mug', description: 'benchmark', priceCents: 999, currency: 'USD', categoryId: category.id }) })).body;
  await json(`${api}/inventory/${product.id}`, { method: 'PUT', headers: auth(admin), body: JSON.stringify({ onHand: 1_000_000 }) });
  const email = `bench-${Date.now()}@example.test`;
  await json(`${api}/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'bench password 1', name: 'Bench' }) });
  const customer = (await json(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'bench password 1' }) })).body.accessToken;
  const body = JSON.stringify({ items: [{ productId: product.id, quantity: 1 }], shippingAddress: { line1: '1 Bench Road', city: 'Loop', postalCode: '127', country: 'US' }, paymentToken: 'tok_visa' });

  /** Places one order (with `headers`, e.g. a traceparent) and polls it every 25 ms; true once CONFIRMED. */
  const checkout = async (headers = {}) => {
    const placed = await json(`${api}/orders`, { method: 'POST', headers: { ...auth(customer), 'idempotency-key': randomUUID(), ...headers }, body });
    if (placed.status !== 202) throw new Error(`POST /orders answered ${placed.status}`);
    for (;;) {
      const order = (await json(`${api}/orders/${placed.body.id}`, { headers: auth(customer) })).body;
      if (order.status === 'CONFIRMED') return true;
      if (order.status !== 'PENDING') return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return { platform, runtimeDir, api, checkout };
}
