import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { loadDemoData } from './demo/load-demo';
import { closeServices, createLogger, openServices } from './open-services';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config);
  const services = await openServices(config, logger);
  if (config.demoData && (await loadDemoData(services.db))) logger.info('demo data loaded into the empty database');
  if (config.devLogin) logger.warn('development login is ENABLED (DEV_LOGIN=1): never in production');
  const { koa } = createApp(services);
  const server: Server = koa.listen(config.port, config.host, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    logger.info({ port, database: config.database.kind, redis: Boolean(config.redisUrl) }, `Liangdian listening on http://localhost:${port}`);
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      closeServices(services).finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('Liangdian failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
