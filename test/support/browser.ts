import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];

/** Debian's Chromium, or null where it is not installed (then the browser tests are skipped, except in CI). */
export const chromiumPath = CANDIDATES.find((p) => existsSync(p)) ?? null;

if (!chromiumPath) {
  if (process.env.CI) throw new Error('Chromium is required for the browser tests in CI (apt-get install chromium)');
  console.warn('\n[e2e] Chromium not found: browser tests are SKIPPED. Install it with `apt-get install chromium`.\n');
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath!,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
