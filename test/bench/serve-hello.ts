import Fastify from 'fastify';
import { serveForBench } from './bench-serve-common.ts';

// The baseline: a bare Fastify hello-world (no plugins, no logger), same Fastify version and node as the app.
const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
await serveForBench(app);
