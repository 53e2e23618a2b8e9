import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Sends a request target byte for byte: fetch (the WHATWG URL parser) would resolve `..` and `%2e%2e` segments before
 * the request left the process, so a traversal must be sent this way to reach the server as an attacker sends it.
 */
export function rawRequest(baseUrl: string, target: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: hostname, port, method: options.method ?? 'GET', path: target, headers: options.headers ?? {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** What a Dapr sidecar's own APIs and errors answer with: none of it may ever reach a client of the gateway. */
export const SIDECAR_FINGERPRINTS = /"(runtimeVersion|enabledFeatures|actorRuntime|components|errorCode|appConnectionProperties)"\s*:|ERR_[A-Z_]+|spiffe:\/\//;
