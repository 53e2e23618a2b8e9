import { outgoingTraceHeaders } from '@shop/service-kit';

/**
 * Dapr's output binding API (`POST /v1.0/bindings/<name>`), which the JS SDK wraps without a timeout. The call carries
 * the current trace (the consumer span of the event being notified about), so the sidecar's binding span joins it.
 */
export class DaprOutputBindings {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    private readonly apiHeaders: Record<string, string> = {},
  ) {}

  async invoke(name: string, operation: string, data: unknown, metadata: Record<string, string> = {}): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/v1.0/bindings/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.apiHeaders, ...outgoingTraceHeaders() },
        body: JSON.stringify({ operation, data, metadata }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new Error(`output binding ${name} could not be reached through the sidecar: ${error instanceof Error ? error.message : String(error)}`);
    }
    const answer = await response.text();
    if (!response.ok) throw new Error(`output binding ${name} answered ${response.status}: ${answer.slice(0, 500)}`);
  }
}
