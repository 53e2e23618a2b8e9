import { ConfigError, loadConfig } from '@shop/service-kit';
import { authConfigSchema, keyActivationDelaySeconds } from '../../src/config';

const required = { APP_PORT: '0', DATABASE_URL: 'postgres://auth:secret@127.0.0.1:5432/auth' };

describe('auth configuration', () => {
  test('when only the required settings are given, then the documented defaults apply', () => {
    const env = { ...required };

    const config = loadConfig(authConfigSchema, env);

    expect(config).toMatchObject({
      SERVICE_NAME: 'auth',
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_SECONDS: 30 * 24 * 60 * 60,
      ADMIN_EMAIL: 'admin@shop.local',
      OUTBOX_RELAY_ENABLED: true,
      KEY_SET_REFRESH_SECONDS: 60,
    });
    expect(config.JWT_PRIVATE_KEY_PEM).toBeUndefined();
    expect(config.ADMIN_PASSWORD).toBeUndefined();
  });

  test('when the access token lifetime is over 900 seconds, then start-up fails naming the variable and the limit', () => {
    const env = { ...required, ACCESS_TOKEN_TTL_SECONDS: '901' };

    const load = () => loadConfig(authConfigSchema, env);

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/ACCESS_TOKEN_TTL_SECONDS: must be at most 900 seconds/);
  });

  test('when the access token lifetime is 900 seconds, then it is accepted', () => {
    const env = { ...required, ACCESS_TOKEN_TTL_SECONDS: '900' };

    const config = loadConfig(authConfigSchema, env);

    expect(config.ACCESS_TOKEN_TTL_SECONDS).toBe(900);
  });

  test('when the key set refresh is slower than 5 minutes, then start-up fails (the rotation overlap counts on it)', () => {
    const env = { ...required, KEY_SET_REFRESH_SECONDS: '301' };

    const load = () => loadConfig(authConfigSchema, env);

    expect(load).toThrow(/KEY_SET_REFRESH_SECONDS: /);
  });

  test('when no activation delay is set, then a new key waits one refresh interval plus the gateway\'s 30 s refetch cooldown plus 5 s', () => {
    const defaults = loadConfig(authConfigSchema, { ...required });
    const fastRefresh = loadConfig(authConfigSchema, { ...required, KEY_SET_REFRESH_SECONDS: '10' });
    const explicit = loadConfig(authConfigSchema, { ...required, KEY_ACTIVATION_DELAY_SECONDS: '0' });

    expect([keyActivationDelaySeconds(defaults), keyActivationDelaySeconds(fastRefresh), keyActivationDelaySeconds(explicit)]).toEqual([95, 45, 0]);
  });

  test('when the outbox relay is switched off with "false", then it is off', () => {
    const env = { ...required, OUTBOX_RELAY_ENABLED: 'false' };

    const config = loadConfig(authConfigSchema, env);

    expect(config.OUTBOX_RELAY_ENABLED).toBe(false);
  });

  test('when a secret is set to an empty string, then it counts as not given', () => {
    const env = { ...required, ADMIN_PASSWORD: '', JWT_PRIVATE_KEY_PEM: '' };

    const config = loadConfig(authConfigSchema, env);

    expect(config.ADMIN_PASSWORD).toBeUndefined();
    expect(config.JWT_PRIVATE_KEY_PEM).toBeUndefined();
  });

  test('when several settings are wrong, then one readable message lists each of them', () => {
    const env = { APP_PORT: '0', DATABASE_URL: 'mysql://nope', ADMIN_PASSWORD: 'short', JWT_PRIVATE_KEY_PEM: 'not a key' };

    const load = () => loadConfig(authConfigSchema, env);

    expect(load).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(load).toThrow(/ADMIN_PASSWORD: /);
    expect(load).toThrow(/JWT_PRIVATE_KEY_PEM: must be a PEM private key/);
  });
});
