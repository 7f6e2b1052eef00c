import v8 from 'node:v8';

/**
 * V8 settings of the server process, applied when this module is imported: server.ts imports it
 * first, before anything allocates, and so do the benchmark's processes that stand for the server.
 *
 * `--no-allocation-site-pretenuring`: V8 learns that objects from an allocation site tend to
 * survive and then allocates them straight in the old generation. The per-request access build
 * (a few hundred CASL rules, maps and conditions, all dead by the end of the request) trips it:
 * the pretenured parts are dead too, but until the next full collection they keep their young
 * children alive, every scavenge copies and promotes those, and the pauses grew to 5–15 ms every
 * ~50 requests (p99 of a cache miss ~5 ms). Without pretenuring a scavenge copies some tens of KB
 * and takes under a millisecond. See README, "Decisions".
 *
 * Only flags V8 reads as it goes can be set this way, after start-up: `--single-threaded-gc`, for
 * one, makes V8 abort at the next full collection. Such a flag belongs on the `node` command line.
 */
export const SERVER_V8_FLAGS = ['--no-allocation-site-pretenuring'] as const;

/**
 * V8 flags that only work from the `node` command line: the start script passes them (a test
 * checks it does), and so do the benchmark's server-like processes.
 *
 * `--no-concurrent-marking`: V8 marks the old generation on a background thread. On a small
 * machine that thread competes for a core with PostgreSQL, which answers every cache miss; with
 * the heap this server keeps (tens of MB, promoted slowly), marking on the main thread in small
 * incremental steps costs less than it. On 2 vCPUs it took the cache-miss p99 with 50 grants and
 * 10 delegations from 2.0–2.5 ms to 1.6–1.9 ms.
 *
 * `--no-parallel-scavenge`: a young-generation collection of this server finds almost nothing
 * alive (~10 KB of ~14 MB), so its cost is the fixed part; spreading that over helper threads on 2
 * vCPUs, one of them busy with PostgreSQL, made each pause longer (mean 0.63 → 0.45 ms on the
 * main thread alone), and the cache misses that meet one are the p99 (1.36–1.62 → 1.06–1.15 ms
 * in a loop of misses with 50 grants and 10 delegations).
 */
export const SERVER_NODE_FLAGS = ['--no-concurrent-marking', '--no-parallel-scavenge'] as const;

for (const flag of SERVER_V8_FLAGS) v8.setFlagsFromString(flag);
