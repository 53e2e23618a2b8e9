/**
 * The one error type services throw for expected failures. The error middleware turns it into
 * application/problem+json (RFC 9457); `type` is a stable URI clients may switch on.
 */
export type ProblemKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unprocessable'
  | 'rate-limited'
  | 'bad-gateway'
  | 'unavailable'
  | 'timeout'
  | 'internal';

export interface FieldError {
  path: string;
  message: string;
}

const statusOf: Record<ProblemKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  unprocessable: 422,
  'rate-limited': 429,
  internal: 500,
  'bad-gateway': 502,
  unavailable: 503,
  timeout: 504,
};

const titleOf: Record<ProblemKind, string> = {
  validation: 'Request validation failed',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  conflict: 'Conflict',
  'payload-too-large': 'Payload too large',
  'unsupported-media-type': 'Unsupported media type',
  unprocessable: 'Unprocessable request',
  'rate-limited': 'Too many requests',
  internal: 'Internal error',
  'bad-gateway': 'Bad gateway',
  unavailable: 'Service unavailable',
  timeout: 'Upstream timeout',
};

export const PROBLEM_TYPE_BASE = 'https://shop.local/problems/';

export class AppError extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;

  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly fieldErrors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = 'AppError';
    this.status = statusOf[kind];
    this.title = titleOf[kind];
    this.type = PROBLEM_TYPE_BASE + kind;
  }

  static validation = (detail: string, fieldErrors?: FieldError[]) => new AppError('validation', detail, fieldErrors);
  static unauthenticated = (detail = 'A valid bearer token is required') => new AppError('unauthenticated', detail);
  static forbidden = (detail = 'Your role does not allow this action') => new AppError('forbidden', detail);
  static notFound = (detail: string) => new AppError('not-found', detail);
  static conflict = (detail: string) => new AppError('conflict', detail);
  static unprocessable = (detail: string) => new AppError('unprocessable', detail);
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  traceId?: string;
  instance?: string;
  errors?: FieldError[];
}

export function kindForStatus(status: number): ProblemKind {
  const match = (Object.entries(statusOf) as [ProblemKind, number][]).find(([, s]) => s === status);
  if (match) return match[0];
  return status >= 500 ? 'internal' : 'validation';
}
