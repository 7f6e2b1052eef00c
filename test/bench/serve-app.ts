import { randomBytes } from 'node:crypto';
import { buildApp } from '@mandate/server/app';
import { testConfig } from '@mandate/server/config';
import { serveForBench } from './bench-serve-common.ts';

// The app under test, configured as in production (no SPA, no seeding), on the bench database.
const databaseUrl = process.env.BENCH_APP_DATABASE_URL;
if (!databaseUrl) throw new Error('BENCH_APP_DATABASE_URL is required');

const app = await buildApp({
  config: testConfig({
    nodeEnv: 'production',
    databaseUrl,
    host: '127.0.0.1',
    port: 0,
    jwtSecret: randomBytes(48).toString('base64url'),
    logLevel: process.env.BENCH_APP_LOG_LEVEL || 'warn',
    webDist: undefined,
    seedOnEmpty: false,
    // The benchmark signs in more often than a person would.
    loginMaxPerIp: 100_000,
    loginMaxPerAccount: 100_000,
  }),
});
await serveForBench(app);
