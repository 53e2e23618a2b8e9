import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { describeLeaks, scanLogsForSecrets, SECRET_SHAPES } from '../../../../test/support/log-scan';
import { REDACTED, rootLoggerOptions, scrubSecrets } from '../../src/logger';
import { runWithContext } from '../../src/request-context';
import { continueTrace } from '../../src/trace-context';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A logger configured like the services' (redaction, mixin), writing to memory. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino(rootLoggerOptions(), stream).child({ name: 'order', service: 'order', version: '1.2.3' }, { level: 'info' });
  return { log, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c2VyLTEiLCJyb2xlcyI6WyJjdXN0b21lciJdfQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider());
});
afterAll(() => {
  trace.disable();
  context.disable();
});

describe('log lines', () => {
  it('when a line is written inside a request and a span, then it carries service, version, correlation id, trace id and span id', async () => {
    const { log, parsed } = capture();

    await continueTrace('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'work', async () =>
      runWithContext({ correlationId: 'corr-9', traceparent: '', traceId: '' }, async () => log.info('order placed')),
    );
    log.info('outside');

    const [inside, outside] = parsed();
    expect(inside).toMatchObject({ service: 'order', version: '1.2.3', correlationId: 'corr-9', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', msg: 'order placed' });
    expect(inside?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(inside?.spanId).not.toBe('00f067aa0ba902b7');
    expect(outside).toMatchObject({ service: 'order', version: '1.2.3' });
    expect(outside).not.toHaveProperty('traceId');
  });

  it('when secrets are logged as fields, at any depth up to three, then their values are redacted', () => {
    const { log, lines } = capture();

    log.info({
      password: 'correct horse battery',
      body: { email: 'a@b.c', password: 'hunter2-hunter2', paymentToken: 'tok_visa', card: { cardNumber: '4242424242424242', cvc: '123' } },
      headers: { authorization: `Bearer ${JWT}`, 'dapr-api-token': 'abcdefabcdefabcdefabcdef' },
      tokens: { accessToken: JWT, refreshToken: 'rt-0123456789abcdef' },
      secret: PEM,
    }, 'a request');

    const text = lines.join('\n');
    for (const secret of ['correct horse battery', 'hunter2-hunter2', 'tok_visa', '4242424242424242', JWT, 'abcdefabcdefabcdefabcdef', 'rt-0123456789abcdef', 'BEGIN PRIVATE KEY']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain(REDACTED);
    expect(text).toContain('a@b.c');
  });

  it('when a secret hides in a message or an error, then it is scrubbed there too', () => {
    const { log, lines } = capture();

    log.warn(`call failed with Bearer ${JWT} for tok_chargeDeclined`);
    log.error({ err: new Error(`cannot connect to postgres://order:order-local-db@127.0.0.1/order with ${PEM}`) }, 'start failed');

    const text = lines.join('\n');
    expect(text).not.toContain(JWT);
    expect(text).not.toContain('tok_chargeDeclined');
    expect(text).not.toContain('order-local-db');
    expect(text).not.toContain('BEGIN PRIVATE KEY');
    expect(text).toContain('postgres://order:[redacted]@127.0.0.1/order');
  });

  it('when ordinary text is scrubbed, then it is left as it is', () => {
    expect(scrubSecrets('order 1f2e confirmed for 2 items (token bucket refilled)')).toBe('order 1f2e confirmed for 2 items (token bucket refilled)');
  });
});

describe('scanning logs for secrets', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'log-scan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when a log holds a password, a bearer token, a payment token or a private key, then each is found and masked in the report', () => {
    writeFileSync(path.join(dir, 'order.log'), [
      '{"msg":"fine","password":"[redacted]"}',
      `{"msg":"leak","headers":{"authorization":"Bearer ${JWT}"}}`,
      '{"msg":"charge","paymentToken":"tok_visa"}',
      `{"err":"${PEM.replace(/\n/g, '\\n')}"}`,
      '{"password":"hunter2-hunter2"}',
      '{"msg":"the run\'s own secret s3cret-value-9 leaked"}',
    ].join('\n'));

    const leaks = scanLogsForSecrets(dir, [{ what: 'the admin password', value: 's3cret-value-9' }]);

    expect(leaks.map((leak) => [leak.line, leak.what])).toEqual([
      [2, 'a bearer token'],
      [2, 'a JWT'],
      [3, 'a payment token'],
      [4, 'a private key'],
      [5, 'a password field'],
      [6, 'the admin password'],
    ]);
    expect(describeLeaks(leaks)).not.toContain('s3cret-value-9');
    expect(describeLeaks(leaks)).not.toContain('tok_visa');
  });

  it('when the logs were written through the services\' logger, then the scan finds nothing', () => {
    const { log, lines } = capture();
    log.info({ password: 'hunter2-hunter2', paymentToken: 'tok_visa', headers: { authorization: `Bearer ${JWT}` } }, `login with Bearer ${JWT}`);
    writeFileSync(path.join(dir, 'clean.log'), lines.join('\n'));

    const leaks = scanLogsForSecrets(dir, [{ what: 'the password', value: 'hunter2-hunter2' }]).filter((leak) => leak.file === 'clean.log');

    expect(leaks).toEqual([]);
    expect(SECRET_SHAPES.length).toBeGreaterThan(0);
  });
});
