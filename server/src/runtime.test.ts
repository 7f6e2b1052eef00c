import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config.ts';

const firstImport = async (file: string) => /^import\s+(?:[^'"]*from\s+)?['"]([^'"]+)['"]/m.exec(await readFile(`${REPO_ROOT}/${file}`, 'utf8'))?.[1];

describe('the server\'s V8 settings are in place before anything allocates', () => {
  it.each([
    ['server/src/server.ts', './runtime.ts'],
    ['test/bench/serve-app.ts', '@mandate/server/runtime'],
    ['test/bench/ability-child.ts', '@mandate/server/runtime'],
  ])('%s imports the runtime module first', async (file, runtime) => {
    expect(await firstImport(file)).toBe(runtime);
  });
});
