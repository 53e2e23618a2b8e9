import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { platform } from './support/platform';

/**
 * The sidecars' gRPC API, probed live with Dapr's own protos. Over gRPC, service invocation takes any address as its
 * target (no allowlist rule can narrow it), so it is denied on every sidecar (components/config/access-control), and the
 * gateway's sidecar serves no gRPC API at all: what its HTTP API refuses cannot be had over its gRPC port either.
 */
const APP_IDS = () => Object.keys(platform().apps).filter((appId) => appId !== 'event-probe');
const sinkAddress = () => `http://127.0.0.1:${new URL(platform().messageSinkUrl).port}`;
const MARKER = 'grpc-invoke-by-url@example.test';

type Done = (error: grpc.ServiceError | null) => void;
type Unary = (request: object, metadata: grpc.Metadata, options: grpc.CallOptions, done: Done) => void;
/** The calls of Dapr's runtime service these probes make, with messages as plain objects (proto-loader). */
interface DaprSidecar extends grpc.Client {
  invokeService: Unary;
  getMetadata: Unary;
  publishEvent: Unary;
}

/** Dapr's own protos, as the SDK ships them (its generated stubs are not loadable on their own). */
const DaprService = (() => {
  const protoRoot = path.join(path.dirname(require.resolve('@dapr/dapr/package.json')), 'proto');
  const definition = loadSync('dapr/proto/runtime/v1/dapr.proto', { includeDirs: [protoRoot], enums: String, defaults: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as { dapr: { proto: { runtime: { v1: { Dapr: grpc.ServiceClientConstructor } } } } };
  return loaded.dapr.proto.runtime.v1.Dapr;
})();

const clients = new Map<string, DaprSidecar>();
function sidecar(appId: string): DaprSidecar {
  let client = clients.get(appId);
  if (!client) {
    client = new DaprService(`127.0.0.1:${platform().apps[appId]!.daprGRPCPort}`, grpc.credentials.createInsecure()) as unknown as DaprSidecar;
    clients.set(appId, client);
  }
  return client;
}
afterAll(() => clients.forEach((client) => client.close()));

function withToken(appId: string, extra: Record<string, string> = {}): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('dapr-api-token', platform().apps[appId]!.daprApiToken);
  for (const [key, value] of Object.entries(extra)) metadata.set(key, value);
  return metadata;
}

type Outcome = { ok: true } | { ok: false; code: string; details: string };

/** The call's outcome as data: the status name of a refusal, so a failing test shows what the sidecar said. */
function outcome(start: (done: Done) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    start((error) => resolve(error ? { ok: false, code: grpc.status[error.code], details: error.details } : { ok: true }));
  });
}

const invokeRequest = (target: string, method: string) => ({
  id: target,
  message: { method, httpExtension: { verb: 'GET', querystring: `to=${MARKER}` } },
});
const inTenSeconds = (): grpc.CallOptions => ({ deadline: Date.now() + 10_000 });

const invoke = (appId: string, target: string, method: string, metadata = withToken(appId)) =>
  outcome((done) => sidecar(appId).invokeService(invokeRequest(target, method), metadata, inTenSeconds(), done));

/** What a caller would find in the mail sink had the sidecar reached it: the refusal below is the sidecar's. */
async function sinkMessages(): Promise<unknown[]> {
  const response = await fetch(`${sinkAddress()}/messages?to=${MARKER}`);
  expect(response.status).toBe(200);
  return (await response.json()) as unknown[];
}

const REFUSED = ['PERMISSION_DENIED', 'UNIMPLEMENTED'];

describe('no sidecar invokes a URL over gRPC', () => {
  it.each([
    ['a URL', () => sinkAddress()],
    ['a URL, percent-encoded', () => encodeURIComponent(sinkAddress())],
    ['an app of the platform (invocation over gRPC is denied outright)', () => 'catalog'],
  ])('when every sidecar is asked by gRPC InvokeService to invoke %s, then each refuses and the sink hears nothing', async (_, target) => {
    const answers: Record<string, Outcome> = {};
    for (const appId of APP_IDS()) answers[appId] = await invoke(appId, target(), 'messages');

    const notRefused = Object.entries(answers).filter(([, answer]) => answer.ok || !REFUSED.includes(answer.code));
    expect(notRefused).toEqual([]);
    expect(await sinkMessages()).toEqual([]);
  });

  it('when a gRPC call to an unknown service carries a URL in dapr-app-id (the gRPC proxy), then it is refused and nothing is reached', async () => {
    const answers: Record<string, Outcome> = {};
    for (const appId of APP_IDS()) {
      const client = new grpc.Client(`127.0.0.1:${platform().apps[appId]!.daprGRPCPort}`, grpc.credentials.createInsecure());
      answers[appId] = await outcome((done) =>
        client.makeUnaryRequest('/grpc.health.v1.Health/Check', (value: Buffer) => value, (value: Buffer) => value, Buffer.alloc(0),
          withToken(appId, { 'dapr-app-id': sinkAddress() }), inTenSeconds(), done),
      );
      client.close();
    }

    expect(Object.entries(answers).filter(([, answer]) => answer.ok)).toEqual([]);
    expect(await sinkMessages()).toEqual([]);
  });

  it('when an API the sidecar serves is called without its API token, then UNAUTHENTICATED', async () => {
    const answer = await outcome((done) => sidecar('order').getMetadata({}, new grpc.Metadata(), inTenSeconds(), done));

    expect(answer).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });
});

describe('the gateway\'s sidecar serves no gRPC API', () => {
  it.each([
    ['GetMetadata', (done: Done) => sidecar('gateway').getMetadata({}, withToken('gateway'), inTenSeconds(), done)],
    ['PublishEvent', (done: Done) =>
      sidecar('gateway').publishEvent({ pubsubName: 'pubsub', topic: 'order.confirmed', data: Buffer.from('{}') }, withToken('gateway'), inTenSeconds(), done)],
  ])('when %s is asked of it with its token, then UNIMPLEMENTED: the API is not there (as HTTP answers 404)', async (_, call) => {
    expect(await outcome(call)).toMatchObject({ ok: false, code: 'UNIMPLEMENTED' });
  });

  it('when order\'s sidecar is asked for its metadata over gRPC (allowed for order), then it answers: the probes above are sound', async () => {
    const answer = await outcome((done) => sidecar('order').getMetadata({}, withToken('order'), inTenSeconds(), done));

    expect(answer).toEqual({ ok: true });
  });
});
