import path from 'node:path';
import { describeLeaks, scanLogsForSecrets } from '../support/log-scan';
import { api, platform, registerAndLogin } from './support/platform';
import { placeOrder, settled, stockedProduct } from './support/shop';
import { secretsOfRun } from './support/secrets-of-run';

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
