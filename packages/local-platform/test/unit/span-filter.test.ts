import { scrubZipkinSpans } from '../../src/span-filter';

/** What daprd sends for a request it refused for a wrong API token (shape of Dapr 1.18's Zipkin export). */
const refusedRequestSpan = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  id: '00f067aa0ba902b7',
  name: '/v1.0/metadata',
  kind: 'CLIENT',
  localEndpoint: { serviceName: 'gateway' },
  tags: {
    'dapr-api-token': 'a-guessed-token-value',
    'dapr-app-id': 'catalog',
    'http.request.method': 'GET',
    'url.full': '/v1.0/metadata',
    'otel.status_code': 'ERROR',
  },
};

describe('the span filter in front of the tracing backend (scrubZipkinSpans)', () => {
  it('when daprd records a refused dapr-api-token as a tag, then the tag is dropped and the others are kept', () => {
    const { spans, removed } = scrubZipkinSpans([refusedRequestSpan]);

    expect(spans).toEqual([{ ...refusedRequestSpan, tags: { 'dapr-app-id': 'catalog', 'http.request.method': 'GET', 'url.full': '/v1.0/metadata', 'otel.status_code': 'ERROR' } }]);
    expect(removed).toBe(1);
  });

  it.each(['authorization', 'http.request.header.authorization', 'dapr-app-token', 'db.password', 'cookie', 'x-api-key', 'client_secret'])(
    'when a tag is named %s, then it is dropped',
    (name) => {
      const { spans } = scrubZipkinSpans([{ id: '1', tags: { [name]: 'value', kept: 'yes' } }]);

      expect(spans).toEqual([{ id: '1', tags: { kept: 'yes' } }]);
    },
  );

  it('when a bearer or basic credential is inside another tag or an annotation, then the value is masked and the scheme kept', () => {
    const { spans, removed } = scrubZipkinSpans([{
      id: '2',
      tags: { error: 'upstream said: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig rejected', 'http.status_code': '401' },
      annotations: [{ timestamp: 1, value: 'retry with Basic ZGFwci1hcHAtaWQ6aHR0cDovL3g=' }],
    }]);

    expect(spans).toEqual([{
      id: '2',
      tags: { error: 'upstream said: Bearer [redacted] rejected', 'http.status_code': '401' },
      annotations: [{ timestamp: 1, value: 'retry with Basic [redacted]' }],
    }]);
    expect(removed).toBe(2);
  });

  it('when a span holds no credential, then it passes unchanged', () => {
    const span = { id: '3', name: 'post /orders', tags: { 'http.route': '/orders', 'dapr.workflow.activity': 'reserveStock' } };

    expect(scrubZipkinSpans([span])).toEqual({ spans: [span], removed: 0 });
  });

  it('when the body is not a list of spans, then it is passed on as it came (the backend answers for it)', () => {
    expect(scrubZipkinSpans({ not: 'spans' })).toEqual({ spans: { not: 'spans' }, removed: 0 });
  });
});
