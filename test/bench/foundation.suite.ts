import { DEMO_PASSWORD, seed } from '@mandate/server/seed/seed';
import { createHeavyUser, measureAbilityRuns, settle } from './bench-access.ts';
import type { RawResult } from 'autocannon';
import { runInterleavedRaw, signIn, summarize, type HttpLoad, type HttpSummary } from './bench-http.ts';
import { target } from './bench-report.ts';
import { median } from './bench-stats.ts';
import type { Suite } from './bench-suite.ts';

/** a/b per round: the two ran back to back in each round (interleaved), so they saw the same machine. */
const roundRatios = (a: HttpSummary, b: HttpSummary) => a.perRoundReqPerSec.map((v, i) => v / b.perRoundReqPerSec[i]!);
/**
 * The throughput ratio: the median of the per-round ratios. On this shared 2-vCPU VM a round's
 * throughput swings by ±30 % within a minute; a paired, per-round ratio cancels what both runs of a
 * round saw, and the median keeps one disturbed round from deciding the result.
 */
const medianRatio = (a: HttpSummary, b: HttpSummary) => median(roundRatios(a, b));
/** Each pair of server processes' median ratio (its rounds are consecutive, `rounds` of them). */
const pairMedians = (a: HttpSummary, b: HttpSummary, rounds: number) => {
  const ratios = roundRatios(a, b);
  return Array.from({ length: ratios.length / rounds }, (_, p) => median(ratios.slice(p * rounds, (p + 1) * rounds)));
};
const ratioDetail = (a: HttpSummary, b: HttpSummary, rounds: number) => {
  const perRound = roundRatios(a, b).map((r) => r.toFixed(2)).join(', ');
  const perPair = pairMedians(a, b, rounds).map((r) => `${r.toFixed(2)}×`).join(', ');
  return `${a.reqPerSec.toFixed(0)} / ${b.reqPerSec.toFixed(0)} req/s (mean ${(a.reqPerSec / b.reqPerSec).toFixed(2)}×); median per pair of processes ${perPair}; per round ${perRound}`;
};
const clean = (...runs: HttpSummary[]) => runs.every((r) => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0);

/**
 * The foundation targets: the app's /health against a bare Fastify hello-world (≥ 0.8×), an
 * authenticated /me against /health (≥ 0.5×), and the per-request ability build on a cache miss
 * for a user with 50 grants (p99 ≤ 5 ms).
 */
export const foundationSuite: Suite = {
  name: 'foundation',
  description: 'health vs hello-world, /me vs health, ability build with 50 grants',
  async run({ db, databaseUrl, overrides, log, startServer }) {
    // Several pairs of server processes, each measured in short interleaved rounds: the two sides of a
    // ratio run seconds apart, and no one process decides the result. On this VM a process's
    // throughput can sit ~15 % above or below that of an identical process started next to it, for
    // its whole life (three identical hello-worlds: 50k, 60k, 63k req/s over the same rounds).
    const pairs = overrides.pairs ?? 3;
    const rounds = overrides.rounds ?? 5;
    const duration = overrides.duration ?? 2;
    const connections = overrides.connections ?? 50;
    const iterations = overrides.iterations ?? 5000;

    log('seeding the demo data and a user with 50 grants');
    await seed(db);
    const heavy = await createHeavyUser(db, { grants: 50, delegations: 0, tag: 'g50', now: new Date() });
    // Let the freshly written tables settle (statistics, visibility map) before timing: otherwise
    // autovacuum wakes up on them in the middle of the measurement.
    await settle(db);

    // In process first, while no server under test is running.
    const ability = await measureAbilityRuns(databaseUrl, heavy, { iterations, label: '50 grants', log });

    const loadsOf = (hello: string, app: string, bearer: Record<string, string>): HttpLoad[] => [
      { label: 'hello-world (bare Fastify)', url: `${hello}/`, connections, duration },
      { label: 'app /health', url: `${app}/api/v1/health`, connections, duration },
      { label: 'app /me (owner@acme.test)', url: `${app}/api/v1/me`, headers: bearer, connections, duration },
    ];
    const raw: RawResult[][] = [[], [], []];
    let loads: HttpLoad[] = [];
    for (let pair = 1; pair <= pairs; pair++) {
      const hello = await startServer(`hello-world ${pair}`, './serve-hello.ts');
      const app = await startServer(`app ${pair}`, './serve-app.ts', { BENCH_APP_DATABASE_URL: databaseUrl, NODE_ENV: 'production' });
      loads = loadsOf(hello.baseUrl, app.baseUrl, await signIn(app.baseUrl, 'owner@acme.test', DEMO_PASSWORD));
      log(`HTTP, pair ${pair}/${pairs}: ${rounds} interleaved rounds × ${duration} s × ${loads.length} endpoints, ${connections} connections`);
      const runs = await runInterleavedRaw(loads, { rounds, warmupSeconds: 2, log });
      runs.forEach((run, i) => raw[i]!.push(...run));
      await Promise.all([hello.stop(), app.stop()]);
    }
    const [helloRun, healthRun, meRun] = loads.map((load, i) => summarize(load, raw[i]!));

    return {
      parameters: { pairs, roundsPerPair: rounds, secondsPerRound: duration, connections, iterations, grants: heavy.grants, memberships: heavy.memberships, rules: ability.median.rules, simSqlParameters: ability.median.sqlParameters },
      http: [helloRun!, healthRun!, meRun!],
      timings: ability.rows,
      targets: [
        target('health-vs-hello', 'GET /api/v1/health throughput vs a bare Fastify hello-world, median of per-round ratios', medianRatio(healthRun!, helloRun!), '≥', 0.8, '×',
          ratioDetail(healthRun!, helloRun!, rounds), clean(healthRun!, helloRun!)),
        target('me-vs-health', 'authenticated GET /api/v1/me throughput vs /api/v1/health, median of per-round ratios', medianRatio(meRun!, healthRun!), '≥', 0.5, '×',
          ratioDetail(meRun!, healthRun!, rounds), clean(meRun!, healthRun!)),
        target('ability-50-grants', 'loadAccessContext + defineAbilityFor + whereAccessible(Sim), cache miss, 50 grants, p99 (median of runs)', ability.median.total.p99, '≤', 5, 'ms',
          ability.detail),
      ],
    };
  },
};
