import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A line of a log that holds something no log may hold. */
export interface LeakedSecret {
  file: string;
  line: number;
  what: string;
  /** The line, cut around the finding, with the secret itself masked (the report must not leak it again). */
  excerpt: string;
}

/** What no log line may contain, whatever the service or process: shapes of secrets, not particular values. */
export const SECRET_SHAPES: { what: string; pattern: RegExp }[] = [
  { what: 'a bearer token', pattern: /\bBearer\s+(?!\[redacted)[A-Za-z0-9\-._~+/]{8,}/i },
  { what: 'a JWT', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/ },
  { what: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'a payment token', pattern: /\btok_[A-Za-z0-9_]+/ },
  { what: 'a password field', pattern: /"(password|currentPassword|newPassword|adminPassword)"\s*:\s*"(?!\[redacted\])[^"]+"/i },
];

/**
 * Every line of every `*.log` under `logDir` that holds a secret: one of SECRET_SHAPES, or one of the `literals`
 * (this run's passwords, API tokens, refresh tokens). Literals shorter than 8 characters are ignored: too likely to
 * appear by chance.
 */
export function scanLogsForSecrets(logDir: string, literals: { what: string; value: string }[] = []): LeakedSecret[] {
  if (!existsSync(logDir)) return [];
  return readdirSync(logDir).filter((file) => file.endsWith('.log')).sort()
    .flatMap((name) => scanLines(name, readFileSync(path.join(logDir, name), 'utf8').split('\n'), literals));
}

/**
 * Every span (as the tracing backend returns it: tags, annotations and all) that holds a secret, by the same rules as
 * the logs. `file` names the span: `<service> span <id> of trace <traceId>`.
 */
export function scanSpansForSecrets(spans: unknown[], literals: { what: string; value: string }[] = []): LeakedSecret[] {
  return spans.flatMap((span) => [
    ...scanLines(spanName(span), [JSON.stringify(span)], literals),
    ...credentialTagsOf(span).map((key) => ({ file: spanName(span), line: 1, what: `a credential tag (${key})`, excerpt: `${key}=<value>` })),
  ]);
}

/** A tag named like a credential holds one, whatever its value: `dapr-api-token` is what daprd records (Zipkin: an object, Jaeger: a list). */
const CREDENTIAL_TAG = /token|authorization|password|secret|cookie|api[-_.]?key/i;

function credentialTagsOf(span: unknown): string[] {
  const tags = (span as { tags?: Record<string, unknown> | { key: string }[] } | null)?.tags;
  const keys = Array.isArray(tags) ? tags.map((tag) => tag.key) : Object.keys(tags ?? {});
  return keys.filter((key) => CREDENTIAL_TAG.test(key));
}

function spanName(span: unknown): string {
  const s = (span ?? {}) as { id?: string; spanID?: string; traceId?: string; traceID?: string; localEndpoint?: { serviceName?: string } };
  return `${s.localEndpoint?.serviceName ?? 'a'} span ${s.id ?? s.spanID ?? '?'} of trace ${s.traceId ?? s.traceID ?? '?'}`;
}

function scanLines(name: string, lines: string[], literals: { what: string; value: string }[]): LeakedSecret[] {
  const values = literals.filter((literal) => literal.value.length >= 8);
  const found: LeakedSecret[] = [];
  lines.forEach((text, index) => {
    const hits: { what: string; at: number; length: number }[] = [];
    for (const { what, pattern } of SECRET_SHAPES) {
      const match = pattern.exec(text);
      if (match) hits.push({ what, at: match.index, length: match[0].length });
    }
    for (const { what, value } of values) {
      const at = text.indexOf(value);
      if (at >= 0) hits.push({ what, at, length: value.length });
    }
    for (const hit of hits) {
      const masked = `${text.slice(Math.max(0, hit.at - 80), hit.at)}<${hit.what}>${text.slice(hit.at + hit.length, hit.at + hit.length + 80)}`;
      found.push({ file: name, line: index + 1, what: hit.what, excerpt: masked });
    }
  });
  return found;
}

export const describeLeaks = (leaks: LeakedSecret[]): string =>
  leaks.slice(0, 20).map((leak) => `${leak.file}:${leak.line} holds ${leak.what}: ${leak.excerpt}`).join('\n') + (leaks.length > 20 ? `\n… and ${leaks.length - 20} more` : '');
