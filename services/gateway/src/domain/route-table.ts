/**
 * The public API, operation by operation: `/api/v1/<template>` is forwarded to `<appId>` as `<template>` with its
 * parameters filled in. Nothing else is ever forwarded: the table is the allow-list (contracts/openapi/public.v1.yaml
 * documents the same operations; a unit test compares the two). Roles are checked by the owning service, which knows
 * its own rules (a customer may read products but not write them); the gateway only knows who may call anonymously.
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below `/api/v1/`, segments separated by `/`; `{name}` stands for one parameter segment. */
  template: string;
  appId: string;
  anonymous: boolean;
}

type Method = Route['method'];
const anyone = (appId: string, method: Method, template: string): Route => ({ method, template, appId, anonymous: true });
const user = (appId: string, method: Method, template: string): Route => ({ method, template, appId, anonymous: false });

export const ROUTES: readonly Route[] = [
  anyone('auth', 'POST', 'auth/register'),
  anyone('auth', 'POST', 'auth/login'),
  anyone('auth', 'POST', 'auth/refresh'),
  user('auth', 'POST', 'auth/logout'),
  anyone('auth', 'GET', 'auth/jwks.json'),

  user('user', 'GET', 'users/me'),
  user('user', 'PATCH', 'users/me'),
  user('user', 'GET', 'users/me/addresses'),
  user('user', 'POST', 'users/me/addresses'),
  user('user', 'PATCH', 'users/me/addresses/{id}'),
  user('user', 'DELETE', 'users/me/addresses/{id}'),

  anyone('catalog', 'GET', 'categories'),
  user('catalog', 'POST', 'categories'),
  anyone('catalog', 'GET', 'categories/{id}'),
  anyone('catalog', 'GET', 'products'),
  user('catalog', 'POST', 'products'),
  anyone('catalog', 'GET', 'products/{id}'),
  user('catalog', 'PATCH', 'products/{id}'),
  user('catalog', 'DELETE', 'products/{id}'),

  anyone('inventory', 'GET', 'inventory/{productId}'),
  user('inventory', 'PUT', 'inventory/{productId}'),

  user('cart', 'GET', 'cart'),
  user('cart', 'DELETE', 'cart'),
  user('cart', 'POST', 'cart/items'),
  user('cart', 'PATCH', 'cart/items/{productId}'),
  user('cart', 'DELETE', 'cart/items/{productId}'),
  user('cart', 'POST', 'cart/checkout'),

  user('order', 'GET', 'orders'),
  user('order', 'POST', 'orders'),
  user('order', 'GET', 'orders/{id}'),
  user('order', 'POST', 'orders/{id}/cancel'),

  // Charges and refunds are the checkout saga's to make, through invocation: the public may only read.
  user('payment', 'GET', 'payments'),

  // Reading shipments, and the admin's deliver (standing in for the carrier's webhook).
  user('shipping', 'GET', 'shipments'),
  user('shipping', 'GET', 'shipments/{id}'),
  user('shipping', 'POST', 'shipments/{id}/deliver'),

  user('notification', 'GET', 'notifications'),

  // The dead-letter office: admins list, read, replay and discard dead-lettered events (the service checks the role).
  user('deadletters', 'GET', 'dead-letters'),
  user('deadletters', 'GET', 'dead-letters/{id}'),
  user('deadletters', 'POST', 'dead-letters/{id}/replay'),
  user('deadletters', 'POST', 'dead-letters/{id}/discard'),
];

export const API_PREFIX = '/api/v1/';

/**
 * What one parameter segment may hold once decoded: RFC 3986's unreserved characters, which need no encoding and mean
 * the same to every parser on the way (Node, daprd's router, the service). Every id of the API fits (uuids, slugs).
 */
const PARAMETER = /^[A-Za-z0-9._~-]{1,200}$/;

export type RouteMatch =
  | { kind: 'route'; route: Route; upstreamPath: string }
  /** The path is not a path any client should send: dot segments, empty segments, control characters, bad escapes. */
  | { kind: 'malformed'; reason: string }
  | { kind: 'none' };

/**
 * Matches a request against the table, on the path exactly as it arrived (`rawPath`, before any decoding). Every
 * segment is decoded once and judged decoded, so no spelling of `..` (`%2e%2e`, `.%2E`, `%2f` inside a segment) can
 * survive to a parser that decodes again. The upstream path is composed from the matched template and the decoded
 * parameters only: nothing of the client's spelling reaches the sidecar.
 */
export function matchRoute(rawPath: string, method: string, routes: readonly Route[] = ROUTES): RouteMatch {
  if (!rawPath.startsWith(API_PREFIX)) return { kind: 'none' };
  const segments = decodeSegments(rawPath.slice(API_PREFIX.length));
  if (!Array.isArray(segments)) return segments;
  const wanted = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  for (const route of routes) {
    if (route.method !== wanted) continue;
    const upstreamPath = fillTemplate(route.template, segments);
    if (upstreamPath !== undefined) return { kind: 'route', route, upstreamPath };
  }
  return { kind: 'none' };
}

function decodeSegments(rest: string): string[] | { kind: 'malformed'; reason: string } {
  // Only printable ASCII is valid in a request target; anything else was smuggled past the HTTP parser.
  if (!/^[\x21-\x7e]*$/.test(rest)) return { kind: 'malformed', reason: 'the path holds a control, space or non-ASCII character' };
  if (rest.includes('\\')) return { kind: 'malformed', reason: 'the path holds a backslash' };
  const decoded: string[] = [];
  for (const raw of rest.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'malformed', reason: 'the path holds an invalid percent-escape' };
    }
    if (segment === '') return { kind: 'malformed', reason: 'the path holds an empty segment' };
    if (segment === '.' || segment === '..') return { kind: 'malformed', reason: 'the path holds a dot segment' };
    if (/[\x00-\x1f\x7f/\\%]/.test(segment)) return { kind: 'malformed', reason: 'a path segment holds an encoded slash, backslash, percent sign or control character' };
    decoded.push(segment);
  }
  return decoded;
}

/** The upstream path when `segments` fit `template` (literals equal, parameters well-formed), else undefined. */
function fillTemplate(template: string, segments: readonly string[]): string | undefined {
  const parts = template.split('/');
  if (parts.length !== segments.length) return undefined;
  const filled: string[] = [];
  for (const [index, part] of parts.entries()) {
    const segment = segments[index]!;
    if (part.startsWith('{')) {
      if (!PARAMETER.test(segment)) return undefined;
      filled.push(encodeURIComponent(segment));
    } else if (part === segment) {
      filled.push(part);
    } else {
      return undefined;
    }
  }
  return filled.join('/');
}

export interface Area {
  area: string;
  appId: string;
  /** Methods the area's operations use, HEAD beside every GET. */
  methods: ReadonlySet<string>;
}

/** The table folded by first segment: what each callee's sidecar must let the gateway do (its access policy). */
export function routeAreas(routes: readonly Route[] = ROUTES): Area[] {
  const areas = new Map<string, { appId: string; methods: Set<string> }>();
  for (const route of routes) {
    const area = route.template.split('/')[0]!;
    const entry = areas.get(area) ?? { appId: route.appId, methods: new Set<string>() };
    if (entry.appId !== route.appId) throw new Error(`the ${area} area is split between ${entry.appId} and ${route.appId}`);
    entry.methods.add(route.method);
    if (route.method === 'GET') entry.methods.add('HEAD');
    areas.set(area, entry);
  }
  return [...areas].map(([area, { appId, methods }]) => ({ area, appId, methods }));
}
