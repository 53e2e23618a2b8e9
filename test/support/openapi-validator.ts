import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The public API the gateway serves, as the project documents it (see docs/public-api.md). */
export const PUBLIC_API_DOCUMENT = path.join(__dirname, '..', '..', 'contracts', 'openapi', 'public.v1.yaml');

export const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Json = Record<string, unknown>;

export interface OpenApiDocument extends Json {
  openapi: string;
  paths: Record<string, Json>;
  components?: Json;
}

export interface Operation {
  method: string;
  /** The path template as the document names it: `/products/{id}`. */
  path: string;
  definition: Json;
}

/** One response as a test observed it. `headers` and a body that is `undefined` for an empty one. */
export interface ObservedResponse {
  method: string;
  /** A path template of the document (`/orders/{id}`) or a concrete path (`/orders/42?x=1`). */
  path: string;
  status: number;
  headers?: Headers | Record<string, string | undefined>;
  body: unknown;
}

export function loadOpenApiDocument(file = PUBLIC_API_DOCUMENT): OpenApiDocument {
  return parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** `#/components/schemas/Problem` → the object it names, or undefined. Only local references (RFC 6901 pointers). */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const tokens = ref.slice(1).split('/').slice(1).map((token) => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~'));
  let current: unknown = document;
  for (const token of tokens) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, token)) return undefined;
    current = (current as Json)[token];
  }
  return current;
}

const pointerOf = (...tokens: string[]) => `#/${tokens.map((token) => token.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

const DOCUMENT_ID = 'https://shop.local/contracts/openapi/public.v1';

/**
 * Checks observed responses against the OpenAPI document: the status must be documented for the operation, the content
 * type must be one the document names, the required headers must be present and match, and the body must match the
 * schema (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it). Every schema is compiled up front in strict mode, so a
 * broken schema fails on construction, not on the first response that happens to use it.
 */
export class OpenApiValidator {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { path: string; pattern: RegExp; literals: number }[];

  constructor(readonly document: OpenApiDocument = loadOpenApiDocument()) {
    this.ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, validateSchema: false });
    addFormats(this.ajv);
    // The document itself is not a schema; registered under an id, its schemas are reached by JSON pointer. Its
    // top-level fields are declared as (inert) keywords so that strict mode accepts the root that ajv compiles first.
    for (const field of Object.keys(document)) if (!this.ajv.getKeyword(field)) this.ajv.addKeyword(field);
    this.ajv.addSchema(document, DOCUMENT_ID);
    this.templates = Object.keys(document.paths).map((template) => ({
      path: template,
      pattern: new RegExp(`^${template.split('/').map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : escapeRegExp(segment))).join('/')}/?$`),
      literals: template.split('/').filter((segment) => segment && !segment.startsWith('{')).length,
    }));
    for (const pointer of this.schemaPointers()) this.validatorAt(pointer);
  }

  operations(): Operation[] {
    return Object.entries(this.document.paths).flatMap(([template, item]) =>
      OPERATION_METHODS.filter((method) => item[method] !== undefined).map((method) => ({ method: method.toUpperCase(), path: template, definition: item[method] as Json })),
    );
  }

  /** The document's path template that a concrete path falls under; literal segments win over parameters. */
  templateOf(concretePath: string): string | undefined {
    const bare = concretePath.split('?')[0]!;
    if (this.document.paths[bare]) return bare;
    const matches = this.templates.filter((template) => template.pattern.test(bare)).sort((a, b) => b.literals - a.literals);
    return matches[0]?.path;
  }

  /** What is wrong with the response; empty when the document describes it. */
  problemsWith(observed: ObservedResponse): string[] {
    const template = this.templateOf(observed.path);
    const method = observed.method.toLowerCase();
    const operation = template ? (this.document.paths[template]![method] as Json | undefined) : undefined;
    if (!template || !operation) return [`${observed.method.toUpperCase()} ${observed.path} is not an operation of the document`];
    const responses = (operation.responses ?? {}) as Json;
    const key = [String(observed.status), `${String(observed.status)[0]}XX`, 'default'].find((candidate) => responses[candidate] !== undefined);
    if (!key) return [`status ${observed.status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    const [response, responsePointer] = this.dereference(responses[key], pointerOf('paths', template, method, 'responses', key));
    return [...this.headerProblems(response, responsePointer, observed), ...this.bodyProblems(response, responsePointer, observed)];
  }

  /** What is wrong with a value against one schema of the document (`#/components/schemas/Problem`). */
  schemaProblems(pointer: string, value: unknown): string[] {
    if (resolvePointer(this.document, pointer) === undefined) return [`${pointer} is not in the document`];
    const validate = this.validatorAt(pointer);
    return validate(value) ? [] : [describe(validate.errors)];
  }

  /** Throws a readable error naming the operation, the status and every mismatch. */
  assertResponse(observed: ObservedResponse): void {
    const problems = this.problemsWith(observed);
    if (problems.length === 0) return;
    const body = observed.body === undefined ? '(empty)' : JSON.stringify(observed.body);
    throw new Error(
      `${observed.method.toUpperCase()} ${observed.path} → ${observed.status} does not match ${path.basename(PUBLIC_API_DOCUMENT)}:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n') +
        `\n  body: ${body.length > 600 ? `${body.slice(0, 600)}…` : body}`,
    );
  }

  private headerProblems(response: Json, responsePointer: string, observed: ObservedResponse): string[] {
    if (!observed.headers) return [];
    const problems: string[] = [];
    for (const [name, declared] of Object.entries((response.headers ?? {}) as Json)) {
      const [header, headerPointer] = this.dereference(declared, `${responsePointer}/headers/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      const value = headerOf(observed.headers, name);
      if (value === undefined) {
        if (header.required === true) problems.push(`the required header ${name} is missing`);
        continue;
      }
      if (header.schema !== undefined) {
        const validate = this.validatorAt(`${headerPointer}/schema`);
        if (!validate(value)) problems.push(`header ${name}: ${JSON.stringify(value)} ${describe(validate.errors)}`);
      }
    }
    return problems;
  }

  private bodyProblems(response: Json, responsePointer: string, observed: ObservedResponse): string[] {
    const content = response.content as Json | undefined;
    const hasBody = observed.body !== undefined && observed.body !== '';
    if (!content) return hasBody ? ['the document describes no body for this response, but there is one'] : [];
    if (!hasBody) return [`the document describes a body (${Object.keys(content).join(', ')}), but the response has none`];
    const contentType = observed.headers ? headerOf(observed.headers, 'content-type') : undefined;
    const mediaType = contentType?.split(';')[0]!.trim().toLowerCase() ?? Object.keys(content)[0]!;
    const media = content[mediaType] as Json | undefined;
    if (!media) return [`content type ${contentType ?? '(none)'} is not documented (documented: ${Object.keys(content).join(', ')})`];
    if (media.schema === undefined) return [];
    const validate = this.validatorAt(`${responsePointer}/content/${mediaType.replace(/~/g, '~0').replace(/\//g, '~1')}/schema`);
    return validate(observed.body) ? [] : [`body ${describe(validate.errors)}`];
  }

  /** A Reference Object followed to what it names, with the pointer of where it really lives. */
  private dereference(value: unknown, pointer: string): [Json, string] {
    let current = value as Json;
    let at = pointer;
    for (let hops = 0; typeof current.$ref === 'string' && hops < 10; hops++) {
      at = current.$ref;
      current = resolvePointer(this.document, at) as Json;
      if (current === undefined) throw new Error(`${pointer} refers to ${at}, which does not exist`);
    }
    return [current, at];
  }

  private validatorAt(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  /** Every schema the document holds: components, and those of media types and headers of every response. */
  private schemaPointers(): string[] {
    const pointers = Object.keys((this.document.components?.schemas ?? {}) as Json).map((name) => pointerOf('components', 'schemas', name));
    const headerSchemas = (headers: unknown, at: string) =>
      Object.entries((headers ?? {}) as Json).filter(([, header]) => (header as Json).schema !== undefined).map(([name]) => `${at}/headers/${name}/schema`);
    const mediaSchemas = (content: unknown, at: string) =>
      Object.entries((content ?? {}) as Json).filter(([, media]) => (media as Json).schema !== undefined).map(([type]) => `${at}/content/${type.replace(/\//g, '~1')}/schema`);
    for (const [name, header] of Object.entries((this.document.components?.headers ?? {}) as Json)) {
      if ((header as Json).schema !== undefined) pointers.push(pointerOf('components', 'headers', name, 'schema'));
    }
    for (const [name, response] of Object.entries((this.document.components?.responses ?? {}) as Json)) {
      const at = pointerOf('components', 'responses', name);
      pointers.push(...headerSchemas((response as Json).headers, at), ...mediaSchemas((response as Json).content, at));
    }
    for (const operation of this.operations()) {
      for (const [status, response] of Object.entries((operation.definition.responses ?? {}) as Json)) {
        if ((response as Json).$ref !== undefined) continue;
        const at = pointerOf('paths', operation.path, operation.method.toLowerCase(), 'responses', status);
        pointers.push(...headerSchemas((response as Json).headers, at), ...mediaSchemas((response as Json).content, at));
      }
    }
    return pointers;
  }
}

function headerOf(headers: Headers | Record<string, string | undefined>, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return found?.[1];
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => {
      const where = error.instancePath || '(root)';
      const extra = error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties'
        ? ` (${String((error.params as { additionalProperty?: string; unevaluatedProperty?: string }).additionalProperty ?? (error.params as { unevaluatedProperty?: string }).unevaluatedProperty)})`
        : error.keyword === 'enum' || error.keyword === 'const'
          ? ` (${JSON.stringify((error.params as { allowedValues?: unknown; allowedValue?: unknown }).allowedValues ?? (error.params as { allowedValue?: unknown }).allowedValue)})`
          : '';
      return `${where} ${error.message ?? error.keyword}${extra}`;
    })
    .join('; ');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let shared: OpenApiValidator | undefined;
/** One validator per test process: compiling every schema takes a moment. */
export const publicApi = (): OpenApiValidator => (shared ??= new OpenApiValidator());
