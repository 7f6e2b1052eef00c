import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import jwt from '@fastify/jwt';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { createDb, type Database } from '@mandate/db/create-db';
import { migrateToLatest } from '@mandate/db/migrate';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { createLogger, useLogger } from './lib/request-logger.ts';
import errorsPlugin from './plugins/errors.ts';
import securityHeaders from './plugins/security-headers.ts';
import authzPlugin from './plugins/authz.ts';
import healthRoutes from './modules/health/health.routes.ts';
import authRoutes from './modules/auth/auth.routes.ts';
import meRoutes from './modules/me/me.routes.ts';
import usersRoutes from './modules/users/users.routes.ts';
import invitationsRoutes from './modules/users/invitations.routes.ts';
import grantsRoutes from './modules/grants/grants.routes.ts';
import accessExplainRoutes from './modules/access-explain/access-explain.routes.ts';
import mailRoutes from './modules/mail/mail.routes.ts';
import delegationsRoutes from './modules/delegations/delegations.routes.ts';
import backofficeRoutes from './modules/backoffice/backoffice.routes.ts';
import delegationJobs from './jobs/delegation-reminders.job.ts';
import mailSenderPlugin from './modules/mail/mail.sender.ts';
import simsRoutes from './modules/sims/sims.routes.ts';
import primaryTakeoverJob from './jobs/primary-takeover.job.ts';
import auditViewRoutes from './modules/audit/audit-view.routes.ts';
import accessReviewsRoutes from './modules/access-reviews/access-reviews.routes.ts';
import accessReviewJob from './jobs/access-reviews.job.ts';
import type { DestinationStream } from 'pino';
import './types.ts';

export interface AppOptions {
  config: Readonly<Config>;
  /** An open database; when absent one is created from the config (and closed with the app). */
  database?: Database;
  clock?: Clock;
  /** Extra routes (tests use this to prove the route-declaration guard). */
  register?: (app: FastifyInstance) => Promise<void> | void;
  /** Where log lines go (default stdout); tests read them from here. */
  logDestination?: DestinationStream;
}

/** Builds the whole application; server.ts starts it, tests inject into it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    // The logger comes from useLogger, below: Fastify's own would time every response for a log line.
    logger: false,
    trustProxy: config.nodeEnv === 'production',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    bodyLimit: 1024 * 1024,
  });
  useLogger(app, createLogger(config.logLevel, options.logDestination));

  const database = options.database ?? (await createDb({
    databaseUrl: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
    onIdleError: (error) => app.log.warn({ err: error }, 'an idle database connection failed; the pool replaced it'),
  }));
  if (!options.database) app.addHook('onClose', () => database.close());
  const migration = await migrateToLatest(database.db);
  app.decorate('db', database.db);
  app.decorate('dbEngine', database.engine);
  app.decorate('migration', migration);
  app.decorate('clock', options.clock ?? systemClock);
  app.decorate('config', config);

  // External plugins first, then ours (DESIGN.md: plugin tiers).
  await app.register(securityHeaders, { production: config.nodeEnv === 'production' });
  // Expiry is checked per request by the gate; verified tokens are remembered there (plugins/authz.ts, VerifiedTokens).
  await app.register(jwt, { secret: config.jwtSecret, verify: { algorithms: ['HS256'], ignoreExpiration: true } });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Mandate API', version: '1.0.0', description: 'Enterprise self-care portal. Errors are RFC 9457 problem+json.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  // The built SPA on the same port; the not-found handler falls back to its index.html.
  const spa = Boolean(config.webDist && existsSync(path.join(config.webDist, 'index.html')));
  if (spa) await app.register(fastifyStatic, { root: config.webDist!, wildcard: false });
  await app.register(errorsPlugin, { spa });
  await app.register(authzPlugin);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(meRoutes);
  await app.register(usersRoutes);
  await app.register(mailRoutes);
  await app.register(mailSenderPlugin);
  // @@routes:mail
  await app.register(invitationsRoutes);
  // @@routes:users-admin
  await app.register(grantsRoutes);
  await app.register(accessExplainRoutes);
  // @@routes:grants
  await app.register(delegationsRoutes);
  await app.register(backofficeRoutes);
  // Expiry and renewal reminders of delegations (DLG-3); no timer in tests, which call the jobs after moving the clock.
  await app.register(delegationJobs, { intervalMs: config.nodeEnv === 'test' ? 0 : 10 * 60_000 });
  // @@routes:delegations
  await app.register(auditViewRoutes);
  // @@routes:audit
  await app.register(accessReviewsRoutes);
  // Access reviews: closes reviews past their deadline (every 10 minutes; no timer in tests, which call closeExpiredReviews after moving the clock).
  await app.register(accessReviewJob, { intervalMs: config.nodeEnv === 'test' ? 0 : 10 * 60_000 });
  // @@routes:reviews
  await app.register(simsRoutes);
  // ROLE-2/ROLE-7: the deputy takes over when the primary AO's employment ends (hourly; no timer in tests, which call runPrimaryTakeovers).
  await app.register(primaryTakeoverJob, { intervalMs: config.nodeEnv === 'test' ? 0 : 60 * 60_000 });
  // @@routes:sims
  if (options.register) await app.register(async (scope) => options.register!(scope));

  await app.ready();
  return app;
}
