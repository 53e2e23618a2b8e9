import { ConfigError, createLogger, loadConfig, runService } from '@shop/service-kit';
import { catalogConfigSchema, type CatalogConfig } from './config';
import { createCatalogService } from './service';

function configOrExit(): CatalogConfig {
  try {
    return loadConfig(catalogConfigSchema);
  } catch (error) {
    // A readable list of bad variables, not a stack trace (runService does the same for start failures).
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`catalog: ${error.message}\n`);
    process.exit(1);
  }
}

const config = configOrExit();
const log = createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
runService(createCatalogService(config, { log }), log, config.SHUTDOWN_GRACE_MS);
