import { describe, expect, it } from 'vitest';
import { EpochReader } from './access.cache.ts';

/** A read the test resolves by hand, counting how many were started. */
function controlledReads() {
  const started: Array<(value: number) => void> = [];
  const read = () => new Promise<number>((resolve) => started.push(resolve));
  return { started, read };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('EpochReader: one read serves many requests, never one that arrived after it started', () => {
  it('a request arriving during a read waits for the next read', async () => {
    const { started, read } = controlledReads();
    const reader = new EpochReader(read);
    const first = reader.epoch();
    const during = reader.epoch();
    const alsoDuring = reader.epoch();
    expect(started).toHaveLength(1);
    started[0]!(1); // committed before "during" arrived? unknown: so "during" must not use it
    expect(await first).toBe(1);
    await tick();
    expect(started).toHaveLength(2);
    started[1]!(2);
    expect(await during).toBe(2);
    expect(await alsoDuring).toBe(2);
  });

  it('after a read completes, the next request starts a new one', async () => {
    const { started, read } = controlledReads();
    const reader = new EpochReader(read);
    const a = reader.epoch();
    started[0]!(7);
    expect(await a).toBe(7);
    await tick();
    const b = reader.epoch();
    expect(started).toHaveLength(2);
    started[1]!(8);
    expect(await b).toBe(8);
  });

  it('a failed read fails its own requests only; waiting ones get a fresh read', async () => {
    let n = 0;
    const rejects: Array<(e: Error) => void> = [];
    const resolves: Array<(v: number) => void> = [];
    const reader = new EpochReader(() => new Promise<number>((resolve, reject) => { n++; resolves.push(resolve); rejects.push(reject); }));
    const a = reader.epoch();
    const b = reader.epoch();
    rejects[0]!(new Error('connection lost'));
    await expect(a).rejects.toThrow('connection lost');
    await tick();
    expect(n).toBe(2);
    resolves[1]!(3);
    expect(await b).toBe(3);
  });
});
