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
  const values = literals.filter((literal) => literal.value.length >= 8);
  const found: LeakedSecret[] = [];
  for (const name of readdirSync(logDir).filter((file) => file.endsWith('.log')).sort()) {
    const lines = readFileSync(path.join(logDir, name), 'utf8').split('\n');
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
  }
  return found;
}

export const describeLeaks = (leaks: LeakedSecret[]): string =>
  leaks.slice(0, 20).map((leak) => `${leak.file}:${leak.line} holds ${leak.what}: ${leak.excerpt}`).join('\n') + (leaks.length > 20 ? `\n… and ${leaks.length - 20} more` : '');
