// The same V8 settings as the server (serve-app.ts, server.ts): the ratio is about what the app adds.
import '@mandate/server/runtime';
import Fastify from 'fastify';
import { serveForBench } from './bench-serve-common.ts';

// The baseline: a bare Fastify hello-world (no plugins, no logger), same Fastify version and node settings as the app.
const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
await serveForBench(app);
