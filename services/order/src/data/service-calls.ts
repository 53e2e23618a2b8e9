import type { DaprSidecar, InvokeRequest } from '@shop/service-kit';

export type Unavailable = { outcome: 'unavailable'; detail: string };

/**
 * One call to another service through Dapr, answered as an outcome: the callee's 2xx body, or `unavailable` for any
 * technical failure (non-2xx after Dapr's resiliency policy gave up, timeout, sidecar down). Never throws, so a
 * workflow activity built on it never leaves its workflow without an answer.
 */
export async function callForOutcome<T>(sidecar: DaprSidecar, appId: string, request: InvokeRequest): Promise<T | Unavailable> {
  try {
    const response = await sidecar.invoke(appId, request);
    const text = response.body.toString('utf8');
    if (response.status >= 200 && response.status < 300) return JSON.parse(text) as T;
    return { outcome: 'unavailable', detail: `${appId} answered ${response.status}: ${text.slice(0, 300)}` };
  } catch (error) {
    return { outcome: 'unavailable', detail: error instanceof Error ? error.message : String(error) };
  }
}
