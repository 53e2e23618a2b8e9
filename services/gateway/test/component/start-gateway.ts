import { componentConfig } from '../../../../test/component-setup/harness';
import { gatewayConfigSchema } from '../../src/config';
import { createGatewayService, type GatewayService } from '../../src/service';

export interface GatewayUnderTest {
  gateway: GatewayService;
  /** The public port. */
  url: string;
  /** The operations port: /metrics and the full readiness report. */
  opsUrl: string;
}

/** The component environment's Redis (password included), in its database `db` (0 unless a suite needs its own keys). */
export function componentRedisUrl(db = 0): string {
  const url = new URL(process.env.COMPONENT_REDIS_URL ?? '');
  url.pathname = `/${db}`;
  return url.toString();
}

/** The gateway in-process against the real Redis and daprd of the component environment, on free ports. */
export async function startGateway(settings: Record<string, string> = {}): Promise<GatewayUnderTest> {
  const config = componentConfig(gatewayConfigSchema, 'gateway', {
    REDIS_URL: componentRedisUrl(),
    RATE_LIMIT_PER_MINUTE: '100',
    READINESS_APPS: '',
    OPS_PORT: '0',
    ...settings,
  });
  const gateway = createGatewayService(config);
  await gateway.start();
  return { gateway, url: `http://127.0.0.1:${gateway.port()}`, opsUrl: `http://127.0.0.1:${gateway.opsPort()}` };
}
