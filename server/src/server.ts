import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { prepareEmbeddedDataDir } from '@mandate/db/create-db';
import { migrateToLatest } from '@mandate/db/migrate';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { loggerOptions } from './lib/logger.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, seed } from './seed/seed.ts';

let loaded;
try {
  loaded = await loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const { config, notes } = loaded;
const log = pino(loggerOptions(config.logLevel));
for (const note of notes) log.warn(note);

if (!config.databaseUrl) {
  // The folder buildApp opens for PGlite; made whole or not at all.
  await prepareEmbeddedDataDir({
    dataDir: path.join(config.dataDir, 'pglite'),
    initialise: async (db) => {
      await migrateToLatest(db);
      if (config.seedOnEmpty) await seed(db);
    },
    log: (level, message) => log[level](message),
  });
}

const app = await buildApp({ config, logger: log });

if (config.seedOnEmpty && !(await app.db.selectFrom('customers').select('id').limit(1).executeTakeFirst())) {
  await seed(app.db);
  app.log.info('empty database: demo data created');
}
if (config.nodeEnv !== 'production') {
  app.log.info(`demo sign-ins (password ${DEMO_PASSWORD}): ${DEMO_LOGINS.map(([email, who]) => `${email} — ${who}`).join('; ')}`);
}

/**
 * Graceful shutdown: stop accepting connections, let the requests in flight be answered (at most
 * SHUTDOWN_GRACE_MS; then their connections are closed), then stop the jobs and close the
 * database (the app's onClose hooks run after the HTTP server has closed). A client never gets a
 * connection reset for a request the server may have committed. A second signal exits at once.
 */
let closing = false;
const shutdown = async (signal: NodeJS.Signals) => {
  if (closing) {
    app.log.warn(`${signal} again: exiting without waiting`);
    process.exit(1);
  }
  closing = true;
  app.log.info(`${signal}: no new connections; answering the requests in flight (at most ${config.shutdownGraceMs} ms)`);
  const force = setTimeout(() => {
    app.log.warn(`requests still in flight after ${config.shutdownGraceMs} ms: closing their connections`);
    app.server.closeAllConnections();
  }, config.shutdownGraceMs);
  let code = 0;
  try {
    await app.close();
    app.log.info('closed');
  } catch (error) {
    app.log.error({ err: error }, 'error while closing');
    code = 1;
  } finally {
    clearTimeout(force);
  }
  process.exit(code);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
const { port } = app.server.address() as AddressInfo;
app.log.info(`Mandate on http://localhost:${port} (database: ${app.dbEngine}, migration ${app.migration})`);
