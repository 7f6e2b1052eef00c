import { randomBytes } from 'node:crypto';
import { buildApp } from '@mandate/server/app';
import { testConfig } from '@mandate/server/config';
import { serveForBench } from './bench-serve-common.ts';

// The app serving the built SPA on the bench database, configured as the browser tests serve it
// (plain HTTP on loopback, no background jobs), for the fleet suite's scrolling measurement.
const databaseUrl = process.env.BENCH_APP_DATABASE_URL;
const webDist = process.env.BENCH_APP_WEB_DIST;
if (!databaseUrl || !webDist) throw new Error('BENCH_APP_DATABASE_URL and BENCH_APP_WEB_DIST are required');

const app = await buildApp({
  config: testConfig({
    databaseUrl,
    host: '127.0.0.1',
    port: 0,
    jwtSecret: randomBytes(48).toString('base64url'),
    logLevel: process.env.BENCH_APP_LOG_LEVEL || 'warn',
    webDist,
    seedOnEmpty: false,
    loginMaxPerIp: 100_000,
    loginMaxPerAccount: 100_000,
  }),
});
await serveForBench(app);
