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
  const { koa, outbox, reminders } = createApp(services);
  // Every process works the publication outbox: the lease on each delivery keeps them apart.
  outbox.start();
  const reminderTimer =
    config.reminders.passMinutes > 0
      ? setInterval(() => {
          reminders.run(null).catch((err) => logger.error({ err }, 'reminder pass failed'));
        }, config.reminders.passMinutes * 60_000)
      : null;
  reminderTimer?.unref();
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
    if (reminderTimer) clearInterval(reminderTimer);
    server.close(() => {
      // The worker finishes the step in hand and releases its lease: another process resumes at once.
      outbox
        .stop()
        .catch((err) => logger.error({ err }, 'outbox did not stop cleanly'))
        .then(() => closeServices(services))
        .finally(() => {
          logger.flush();
          process.exit(0);
        });
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
