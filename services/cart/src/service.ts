import {
  createHttpApp,
  createLogger,
  DaprSidecar,
  listen,
  type HttpApp,
  type Logger,
  type RunningServer,
  type Service,
} from '@shop/service-kit';
import { cartRoutes } from './api/routes';
import type { CartConfig } from './config';
import { createCatalogPrices } from './data/catalog-prices';
import { createDaprCartStore } from './data/dapr-cart-store';
import { createOrderClient } from './data/order-client';
import type { OrderPlacement, PriceList } from './domain/ports';
import type { RetryPolicy } from './domain/update-cart';

export interface CartOverrides {
  log?: Logger;
  /** Replaces catalog invocation (component tests run no catalog). */
  prices?: PriceList;
  /** Replaces order invocation (component tests run no order service). */
  orders?: OrderPlacement;
  retry?: RetryPolicy;
}

export type CartService = Service & { port(): number };

/** No database: carts live in the Dapr state store. start(): HTTP. stop(): refuse new work → drain HTTP → sidecar client. */
export function createCartService(config: CartConfig, overrides: CartOverrides = {}): CartService {
  const log = overrides.log ?? createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const sidecar = DaprSidecar.fromConfig(config);
  let http: HttpApp | undefined;
  let server: RunningServer | undefined;

  return {
    async start() {
      const deps = {
        carts: createDaprCartStore(sidecar.baseUrl, config.CART_TTL_SECONDS, sidecar.apiHeaders),
        prices: overrides.prices ?? createCatalogPrices(sidecar, config.CATALOG_APP_ID),
        orders: overrides.orders ?? createOrderClient(sidecar, config.ORDER_APP_ID, config.ORDER_TIMEOUT_MS),
        ...(overrides.retry ? { retry: overrides.retry } : {}),
      };
      http = createHttpApp({
        name: config.SERVICE_NAME,
        log,
        routers: [cartRoutes(deps)],
        readiness: [{ name: 'sidecar', check: () => sidecar.checkReady() }],
        appApiToken: config.APP_API_TOKEN,
      });
      server = await listen(http.app, config.APP_PORT, config.HOST);
      log.info({ port: server.port }, 'cart listening');
    },

    async stop() {
      http?.markShuttingDown();
      await server?.close(config.SHUTDOWN_GRACE_MS);
      await sidecar.stop();
    },

    port() {
      if (!server) throw new Error('the cart service is not listening; call start() first');
      return server.port;
    },
  };
}
