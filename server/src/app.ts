import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import jwt from '@fastify/jwt';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { createDb, type Database } from '@mandate/db/create-db';
import { migrateToLatest } from '@mandate/db/migrate';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { loggerOptions } from './lib/logger.ts';
import errorsPlugin, { MAX_PARAM_LENGTH, clientErrorHandler, frameworkErrors } from './plugins/errors.ts';
import bodyTextPlugin from './plugins/body-text.ts';
import openapiPlugin from './plugins/openapi.ts';
import noStorePlugin from './plugins/no-store.ts';
import { buildValidator } from './plugins/validation.ts';
import { postgresRateLimitStore } from './modules/auth/rate-limit.store.ts';
import securityHeaders from './plugins/security-headers.ts';
import loadShedding from './plugins/load-shedding.ts';
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
import operatorOrdersRoutes from './modules/backoffice/operator-orders.routes.ts';
import simsRoutes from './modules/sims/sims.routes.ts';
import simBillingRoutes from './modules/sims/sim-billing.routes.ts';
import catalogueRoutes from './modules/catalogue/catalogue.routes.ts';
import simOrdersRoutes from './modules/sim-orders/sim-orders.routes.ts';
import billShockRoutes from './modules/bill-shock/bill-shock.routes.ts';
import fleetActivationRoutes from './modules/fleet-activation/fleet-activation.routes.ts';
import billingRunsRoutes from './modules/billing-runs/billing-runs.routes.ts';
import invoicesRoutes from './modules/invoices/invoices.routes.ts';
import disputesRoutes from './modules/invoices/disputes.routes.ts';
import insightsRoutes from './modules/insights/insights.routes.ts';
import usageRoutes from './modules/usage/usage.routes.ts';
import auditViewRoutes from './modules/audit/audit-view.routes.ts';
import accessReviewsRoutes from './modules/access-reviews/access-reviews.routes.ts';
import invoiceDeliveryRoutes from './modules/invoice-delivery/invoice-delivery.routes.ts';
import jobsPlugin from './jobs/jobs.plugin.ts';
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
  /** A logger made before the app (server.ts logs the embedded database's creation with it). */
  logger?: FastifyBaseLogger;
}

/** Builds the whole application; server.ts starts it, tests inject into it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: loggerOptions(config.logLevel, options.logDestination) }),
    // Receiving a request (headers and body) may take this long; 0: no limit.
    requestTimeout: config.requestTimeoutMs,
    // Only the configured proxies may tell the client's address (X-Forwarded-For): the sign-in limits count per address.
    // (Fastify takes a hop count too, which its types do not say.)
    trustProxy: config.trustProxy as FastifyServerOptions['trustProxy'],
    // Bodies are validated as sent, the query string and path parameters coerced (plugins/validation.ts).
    schemaController: { compilersFactory: { buildValidator } },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
    // What Node's HTTP parser refuses (headers too large, not HTTP) is problem+json too.
    clientErrorHandler,
    bodyLimit: 1024 * 1024,
  });
  // The API takes JSON bodies only: a text/plain one is 415, as any other type, not a string the schema then refuses.
  app.removeContentTypeParser('text/plain');

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
  await app.register(loadShedding, { maxEventLoopDelayMs: config.maxEventLoopDelayMs });
  // Expiry is checked per request by the gate (plugins/authz.ts).
  await app.register(jwt, { secret: config.jwtSecret, verify: { algorithms: ['HS256'], ignoreExpiration: true } });
  // Throttle counters live in the database, shared by every API process.
  await app.register(rateLimit, { global: false, store: postgresRateLimitStore({ db: app.db, clock: app.clock, log: app.log }) });
  await app.register(openapiPlugin);
  // The built SPA on the same port; the not-found handler falls back to its index.html.
  const spa = Boolean(config.webDist && existsSync(path.join(config.webDist, 'index.html')));
  if (spa) {
    await app.register(fastifyStatic, {
      root: config.webDist!,
      wildcard: false,
      // The build writes .br and .gz copies (web/vite.config.ts): sent as the browser accepts them.
      preCompressed: true,
      cacheControl: false,
      // Hashed asset names change with their content: cached for a year. Documents are revalidated.
      setHeaders: (res, filePath) => {
        res.setHeader('cache-control', /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  await app.register(errorsPlugin, { spa });
  await app.register(bodyTextPlugin);
  await app.register(noStorePlugin);
  await app.register(authzPlugin);

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(meRoutes);
  await app.register(usersRoutes);
  await app.register(mailRoutes);
  await app.register(invitationsRoutes);
  await app.register(grantsRoutes);
  await app.register(accessExplainRoutes);
  await app.register(delegationsRoutes);
  await app.register(backofficeRoutes);
  await app.register(operatorOrdersRoutes);
  await app.register(auditViewRoutes);
  await app.register(accessReviewsRoutes);
  await app.register(simsRoutes);
  await app.register(simBillingRoutes);
  await app.register(catalogueRoutes);
  await app.register(simOrdersRoutes);
  await app.register(billShockRoutes);
  await app.register(fleetActivationRoutes);
  await app.register(billingRunsRoutes);
  await app.register(invoicesRoutes);
  await app.register(disputesRoutes);
  await app.register(invoiceDeliveryRoutes);
  await app.register(insightsRoutes);
  await app.register(usageRoutes);
  // Every scheduled job, the mail sender included, on one scheduler; no timers under test, where tests run them after moving the clock.
  await app.register(jobsPlugin);
  if (options.register) await app.register(async (scope) => options.register!(scope));

  await app.ready();
  return app;
}
