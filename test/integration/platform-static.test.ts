import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { request } from 'node:http';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** The built web app (`pnpm build`, which `pnpm test` runs first) as the server sends it. */
const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

let t: TestApp;
let script: string;

beforeAll(async () => {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: run `pnpm build` first (pnpm test does)');
  // The largest script: the one a first visit pays most for.
  script = readdirSync(path.join(WEB_DIST, 'assets')).filter((f) => f.endsWith('.js'))
    .sort((a, b) => readFileSync(path.join(WEB_DIST, 'assets', b)).length - readFileSync(path.join(WEB_DIST, 'assets', a)).length)[0]!;
  t = await startTestApp({ config: { webDist: WEB_DIST } });
});
afterAll(async () => t?.close());

/** A GET with the raw bytes as sent (fetch would decompress them). */
function get(url: string, encoding: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(`${t.url}${url}`, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject).end();
  });
}

describe('the built web app is sent compressed and cached by its hashed name', () => {
  it('brotli when the browser accepts it, gzip otherwise, the plain file to a client that takes neither', async () => {
    const original = readFileSync(path.join(WEB_DIST, 'assets', script));
    const br = await get(`/assets/${script}`, 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    const brBody = br.body;
    expect(brBody.length).toBeLessThan(original.length / 2);
    expect(brotliDecompressSync(brBody).equals(original)).toBe(true);

    const gz = await get(`/assets/${script}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(original)).toBe(true);

    const plain = await get(`/assets/${script}`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('hashed assets are cached for a year; the page itself is revalidated', async () => {
    expect((await get(`/assets/${script}`, 'br')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await get('/', 'br');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('an address of the app gets the page; an asset the build does not hold is 404, never the page as a script', async () => {
    const deep = await get('/customers/x/invoices', 'identity');
    expect(deep.status).toBe(200);
    expect(deep.headers['content-type']).toMatch(/^text\/html/);
    const stale = await get('/assets/index-gone1234.js', 'identity');
    expect(stale.status).toBe(404);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
