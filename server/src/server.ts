// First: the V8 settings must be in place before anything allocates.
import './runtime.ts';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
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
const app = await buildApp({ config });
for (const note of notes) app.log.warn(note);

if (config.seedOnEmpty && !(await app.db.selectFrom('customers').select('id').limit(1).executeTakeFirst())) {
  await seed(app.db);
  app.log.info('empty database: demo data created');
}
if (config.nodeEnv !== 'production') {
  app.log.info(`demo sign-ins (password ${DEMO_PASSWORD}): ${DEMO_LOGINS.map(([email, who]) => `${email} — ${who}`).join('; ')}`);
}

const shutdown = async (signal: string) => {
  app.log.info(`${signal}: closing`);
  await app.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
app.log.info(`Mandate on http://localhost:${config.port} (database: ${app.dbEngine}, migration ${app.migration})`);
