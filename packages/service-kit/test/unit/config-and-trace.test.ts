import { baseConfigSchema, ConfigError, loadConfig } from '../../src/config';
import { childTraceparent, formatTraceparent, parseTraceparent } from '../../src/trace-context';

describe('configuration', () => {
  it('when variables are missing or malformed, then one readable error names each of them', () => {
    const load = () => loadConfig(baseConfigSchema, { APP_PORT: 'eighty', DAPR_HTTP_PORT: '3500' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SERVICE_NAME/);
    expect(load).toThrow(/APP_PORT/);
  });

  it('when the environment is valid, then defaults fill the rest', () => {
    const config = loadConfig(baseConfigSchema, { SERVICE_NAME: 'catalog', APP_PORT: '0' });

    expect(config).toMatchObject({ SERVICE_NAME: 'catalog', APP_PORT: 0, DAPR_HTTP_PORT: 3500, LOG_LEVEL: 'info' });
  });
});

describe('trace context', () => {
  const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('when a valid traceparent arrives, then the child keeps its trace id with a new span id', () => {
    const child = childTraceparent(incoming);

    expect(child.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(child.parentId).not.toBe('00f067aa0ba902b7');
    expect(formatTraceparent(child)).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
  });

  it('when the traceparent is malformed or all zeros, then a new trace starts', () => {
    expect(parseTraceparent('garbage')).toBeUndefined();
    expect(parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
    expect(childTraceparent('garbage').traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
