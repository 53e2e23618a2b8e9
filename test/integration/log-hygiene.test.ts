import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describeLeaks, scanLogsForSecrets, scanSpansForSecrets } from '../support/log-scan';
import { api, eventually, platform, registerAndLogin } from './support/platform';
import { placeOrder, settled, stockedProduct } from './support/shop';
import { secretsOfRun } from './support/secrets-of-run';
import { spansBetween, traceSpans } from './support/traces';

/**
 * The platform's logs (every service, sidecar and store of this run, .runtime/logs for `make up`) never hold a
 * password, a bearer token, a payment token or a private key. This file makes the requests that carry them; the
 * global teardown scans again once every suite has run.
 */
describe('secrets never reach the logs', () => {
  it('when users register, log in, refresh, fail to log in and pay, then no log line holds their secrets', async () => {
    const customer = await registerAndLogin('hygiene');
    await api('POST', '/auth/login', { body: { email: customer.email, password: 'a wrong password, logged nowhere' } });
    const refreshed = await api<{ accessToken: string; refreshToken: string }>('POST', '/auth/refresh', { body: { refreshToken: customer.refreshToken } });
    await api('GET', '/users/me', { headers: { authorization: 'Bearer not.a.valid-token-value' } });
    const product = await stockedProduct(3);
    const placed = await placeOrder(refreshed.body.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_chargeDeclined');
    await settled(refreshed.body.accessToken, placed.body.id);
    // Logs are written asynchronously by each process.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const leaks = scanLogsForSecrets(path.join(platform().runtimeDir, 'logs'), secretsOfRun(platform(), [
      { what: "the customer's password", value: customer.password },
      { what: 'a wrong password', value: 'a wrong password, logged nowhere' },
      { what: 'an access token', value: customer.accessToken },
      { what: 'a refresh token', value: customer.refreshToken },
      { what: 'a refreshed refresh token', value: refreshed.body.refreshToken },
    ]));

    expect(describeLeaks(leaks)).toBe('');
  }, 120_000);
});

/**
 * The same for the traces: daprd writes every `dapr-*` request header into its span before it checks the API token,
 * so a refused token would be kept in the tracing backend (the platform's span filter drops it). The global teardown
 * scans every span of the run again.
 */
describe('secrets never reach the traces', () => {
  it('when a sidecar refuses a wrong API token and users log in and pay, then no span holds a token or a password', async () => {
    if (!platform().tracing) throw new Error('the trace hygiene test needs a tracing backend: run without TRACING=none');
    const since = Date.now();
    const traceId = randomBytes(16).toString('hex');
    const wrongToken = `wrong-token-${randomBytes(12).toString('hex')}`;
    const gatewaySidecar = `http://127.0.0.1:${platform().apps.gateway!.daprHTTPPort}`;
    const refused = await fetch(`${gatewaySidecar}/v1.0/invoke/catalog/method/products`, {
      headers: { 'dapr-api-token': wrongToken, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    const customer = await registerAndLogin('trace-hygiene');
    await api('POST', '/auth/login', { body: { email: customer.email, password: 'a wrong password, traced nowhere' } });
    await api('GET', '/users/me', { headers: { authorization: 'Bearer not.a.valid-token-value' } });
    const product = await stockedProduct(3);
    const placed = await placeOrder(customer.accessToken, [{ productId: product.id, quantity: 1 }], 'tok_visa');
    await settled(customer.accessToken, placed.body.id);
    // The refused request's span is in the backend: the sidecars' spans have arrived (they are sent in batches).
    await eventually('the refused request\'s span in the tracing backend', async () => ((await traceSpans(traceId)).length > 0 ? true : undefined), 30_000);

    const spans = await spansBetween(platform().tracing!, since, Date.now());
    const leaks = scanSpansForSecrets(spans, secretsOfRun(platform(), [
      { what: 'a refused API token', value: wrongToken },
      { what: "the customer's password", value: customer.password },
      { what: 'a wrong password', value: 'a wrong password, traced nowhere' },
      { what: 'an access token', value: customer.accessToken },
      { what: 'a refresh token', value: customer.refreshToken },
    ]));

    expect(refused.status).toBe(401);
    expect(spans.length).toBeGreaterThan(10);
    expect(describeLeaks(leaks)).toBe('');
  }, 120_000);
});
