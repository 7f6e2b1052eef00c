import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { assertWebBuilt, webDist } from '../support/browser.ts';

/**
 * The sign-in page is the first page most visitors load: its JavaScript (the entry chunk, every
 * chunk it imports statically, and the largest of the language catalogues, one of which is
 * loaded before the first render) stays within 200 kB gzipped. Read from the build's manifest.
 */
const BUDGET_BYTES = 200_000;
const LOGIN_PAGE = 'src/features/auth/pages/login-page.tsx';
const CATALOGUES = ['src/lib/i18n/en.ts', 'src/lib/i18n/fr.ts', 'src/lib/i18n/nl.ts'];

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
}

function gzipped(file: string): number {
  return gzipSync(readFileSync(`${webDist}/${file}`)).length;
}

/** The files a chunk loads before it runs: itself and its static imports, transitively. */
function closure(manifest: Record<string, Chunk>, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) closure(manifest, imported, seen);
  return seen;
}

describe('the sign-in page bundle', () => {
  it('loads at most 200 kB of gzipped JavaScript', () => {
    assertWebBuilt();
    const manifestPath = `${webDist}/.vite/manifest.json`;
    expect(existsSync(manifestPath), 'web/dist/.vite/manifest.json (build.manifest in web/vite.config.ts)').toBe(true);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, Chunk>;
    const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
    expect(entry).toBeDefined();

    const keys = closure(manifest, entry!);
    // Loaded lazily or not, the sign-in page's own code counts.
    if (manifest[LOGIN_PAGE]) closure(manifest, LOGIN_PAGE, keys);
    const files = new Set([...keys].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js')));
    const catalogue = Math.max(0, ...CATALOGUES.filter((key) => manifest[key] && !keys.has(key)).map((key) => gzipped(manifest[key]!.file)));
    const total = [...files].reduce((sum, file) => sum + gzipped(file), 0) + catalogue;

    console.warn(`[bundle] sign-in page: ${(total / 1000).toFixed(1)} kB gzipped JavaScript in ${files.size} chunks + a catalogue (budget ${BUDGET_BYTES / 1000} kB)`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
