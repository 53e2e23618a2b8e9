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

/** The gateway in-process against the real Redis and daprd of the component environment, on free ports. */
export async function startGateway(settings: Record<string, string> = {}): Promise<GatewayUnderTest> {
  const config = componentConfig(gatewayConfigSchema, 'gateway', {
    REDIS_URL: `redis://127.0.0.1:${process.env.COMPONENT_REDIS_PORT}`,
    RATE_LIMIT_PER_MINUTE: '100',
    READINESS_APPS: '',
    OPS_PORT: '0',
    ...settings,
  });
  const gateway = createGatewayService(config);
  await gateway.start();
  return { gateway, url: `http://127.0.0.1:${gateway.port()}`, opsUrl: `http://127.0.0.1:${gateway.opsPort()}` };
}
