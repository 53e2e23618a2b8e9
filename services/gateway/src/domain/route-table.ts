/**
 * Which app serves which public area. `/api/v1/<area>/<rest>` is forwarded to `<appId>` as `<area>/<rest>`.
 * `anonymous` lists the methods allowed without a token; every other method needs a verified user. Roles are checked
 * by the owning service, which knows its own rules (a customer may read products but not write them).
 */
export interface Route {
  area: string;
  appId: string;
  /** Methods the public API offers in this area; anything else never reaches the app (internal endpoints). */
  methods: ReadonlySet<string>;
  anonymous: ReadonlySet<string>;
}

const READS = new Set(['GET', 'HEAD']);
const NONE = new Set<string>();
const READS_AND_POST = new Set(['GET', 'HEAD', 'POST']);

// Each allow-list holds exactly the methods the area's public operations use (contracts/openapi/public.v1.yaml; a
// unit test compares the two), so a method no operation uses is refused here instead of reaching the service.
export const ROUTES: readonly Route[] = [
  // register, login, refresh and JWKS are public; logout checks its caller in the auth service.
  { area: 'auth', appId: 'auth', methods: READS_AND_POST, anonymous: READS_AND_POST },
  { area: 'categories', appId: 'catalog', methods: READS_AND_POST, anonymous: READS },
  { area: 'products', appId: 'catalog', methods: new Set(['GET', 'HEAD', 'POST', 'PATCH', 'DELETE']), anonymous: READS },
  { area: 'inventory', appId: 'inventory', methods: new Set(['GET', 'HEAD', 'PUT']), anonymous: READS },
  { area: 'orders', appId: 'order', methods: new Set(['GET', 'HEAD', 'POST']), anonymous: NONE },
  // Charges and refunds are the checkout saga's to make, through invocation: the public may only read.
  { area: 'payments', appId: 'payment', methods: READS, anonymous: NONE },
  { area: 'notifications', appId: 'notification', methods: READS, anonymous: NONE },
  { area: 'users', appId: 'user', methods: new Set(['GET', 'HEAD', 'POST', 'PATCH', 'DELETE']), anonymous: NONE },
  { area: 'cart', appId: 'cart', methods: new Set(['GET', 'HEAD', 'POST', 'PATCH', 'DELETE']), anonymous: NONE },
  // Reading shipments, and the admin's deliver (standing in for the carrier's webhook).
  { area: 'shipments', appId: 'shipping', methods: new Set(['GET', 'HEAD', 'POST']), anonymous: NONE },
  // The dead-letter office: admins list, read, replay and discard dead-lettered events (the service checks the role).
  { area: 'dead-letters', appId: 'deadletters', methods: new Set(['GET', 'HEAD', 'POST']), anonymous: NONE },
];

export const API_PREFIX = '/api/v1/';

export interface ResolvedRoute {
  route: Route;
  /** The path the app serves, without the API prefix: `products/42`. */
  upstreamPath: string;
}

const SAFE_SEGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@%-]+$/;

export function resolveRoute(path: string, method: string, routes: readonly Route[] = ROUTES): ResolvedRoute | undefined {
  if (!path.startsWith(API_PREFIX)) return undefined;
  const rest = path.slice(API_PREFIX.length);
  const segments = rest.split('/').filter((segment, index, all) => segment !== '' || index === all.length - 1);
  // Dot segments could walk out of the area on the callee (`products/../admin`); they are never valid here.
  if (segments.some((segment) => segment === '.' || segment === '..' || (segment !== '' && !SAFE_SEGMENT.test(segment)))) return undefined;
  const route = routes.find((candidate) => candidate.area === segments[0]);
  if (!route || !route.methods.has(method.toUpperCase())) return undefined;
  return { route, upstreamPath: segments.join('/') };
}

export const requiresUser = (route: Route, method: string): boolean => !route.anonymous.has(method.toUpperCase());
