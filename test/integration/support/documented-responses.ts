import { publicApi } from '../../support/openapi-validator';
import { checkEveryResponse } from './platform';

/**
 * Makes every response the calling test file gets through `api()` (its own calls and the helpers' in shop.ts) match
 * contracts/openapi/public.v1.yaml: a documented status, content type, required headers and a body of the documented
 * schema. A response that does not throws where it was received, naming the operation and every mismatch.
 */
export function expectResponsesAsDocumented(): void {
  const document = publicApi();
  checkEveryResponse((method, path, response) => document.assertResponse({ method, path, status: response.status, headers: response.headers, body: response.body }));
}
