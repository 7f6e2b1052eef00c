import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config.ts';
import { SERVER_NODE_FLAGS } from './runtime.ts';

const firstImport = async (file: string) => /^import\s+(?:[^'"]*from\s+)?['"]([^'"]+)['"]/m.exec(await readFile(`${REPO_ROOT}/${file}`, 'utf8'))?.[1];

describe('the server\'s V8 settings are in place before anything allocates', () => {
  it.each([
    ['server/src/server.ts', './runtime.ts'],
    ['test/bench/serve-app.ts', '@mandate/server/runtime'],
    ['test/bench/serve-hello.ts', '@mandate/server/runtime'],
    ['test/bench/ability-child.ts', '@mandate/server/runtime'],
  ])('%s imports the runtime module first', async (file, runtime) => {
    expect(await firstImport(file)).toBe(runtime);
  });
});

describe('the start script passes the V8 flags that only work from the command line', () => {
  it.each(SERVER_NODE_FLAGS)('pnpm start runs node with %s', async (flag) => {
    const { scripts } = JSON.parse(await readFile(`${REPO_ROOT}/server/package.json`, 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start!.split(/\s+/).slice(0, scripts.start!.split(/\s+/).indexOf('--import'))).toContain(flag);
  });
});
