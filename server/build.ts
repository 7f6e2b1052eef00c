/**
 * Builds the production server: `server/src/server.ts` and everything it imports from this
 * repository (the @mandate/* workspace packages export TypeScript, and the migrations) bundled
 * into one ES module, `server/dist/server.js`. Packages from npm stay imports, resolved from
 * `server/node_modules` at run time, so every one of them must be a dependency of @mandate/server:
 * the build fails naming any that is not.
 */
import { build, type Plugin } from 'esbuild';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_DIR = fileURLToPath(new URL('.', import.meta.url));
const OUT_DIR = path.join(SERVER_DIR, 'dist');

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** Whether Node, running `dist/server.js`, finds `name` (node_modules of dist/ and its parents). */
function resolvableFromDist(name: string): boolean {
  for (let dir = OUT_DIR; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', name, 'package.json'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

const external = new Set<string>();
const npmPackagesStayExternal: Plugin = {
  name: 'npm-packages-stay-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@mandate/')) return undefined;
      if (args.path.startsWith('node:') || builtinModules.includes(args.path)) return { path: args.path, external: true };
      external.add(packageName(args.path));
      return { path: args.path, external: true };
    });
  },
};

await rm(OUT_DIR, { recursive: true, force: true });
const result = await build({
  entryPoints: [path.join(SERVER_DIR, 'src/server.ts')],
  outfile: path.join(OUT_DIR, 'server.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  plugins: [npmPackagesStayExternal],
  logLevel: 'warning',
  metafile: true,
}).catch(() => process.exit(1)); // esbuild has printed what failed

const missing = [...external].filter((name) => !resolvableFromDist(name)).sort();
if (missing.length > 0) {
  await rm(OUT_DIR, { recursive: true, force: true });
  console.error(`server build: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} imported by the server's code but not a dependency of @mandate/server: `
    + `add ${missing.length === 1 ? 'it' : 'them'} (pnpm add ${missing.join(' ')} --filter @mandate/server)`);
  process.exit(1);
}
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.warn(`server build: dist/server.js (${(bytes / 1024).toFixed(0)} kB with its source map), ${external.size} npm packages external`);
