import type { Kysely } from 'kysely';
import type { DB } from '@mandate/db/database.types';
import type { AppAbility } from '@mandate/authz/define-ability';
import { defineAbilityFor } from '@mandate/authz/define-ability';
import { loadAccessContext } from '@mandate/server/modules/access/access.repo';
import { listAllUsers, listUsers, type UserListFilters } from '@mandate/server/modules/users/users.repo';
import { DEMO_PASSWORD, SCALE_CUSTOMER_NUMBER, seed } from '@mandate/server/seed/seed';
import { createHeavyUser, measureAbilityRuns, settle } from './bench-access.ts';
import { runInterleaved, signIn, type HttpLoad, type HttpSummary } from './bench-http.ts';
import { runPaced } from './bench-paced.ts';
import { target, type TargetResult, type TimingRow } from './bench-report.ts';
import { summarize } from './bench-stats.ts';
import type { Suite } from './bench-suite.ts';

const SCALE_SIMS = 50_000;
const SCALE_OWNER = 'scale-owner@megacorp.test';
const RATE = 200;
/** Sockets of the paced client: enough that it never waits for one at 200 req/s. */
const PACED_SOCKETS = 64;

/** The list variants measured over HTTP and in process. */
const VARIANTS = [
  { id: 'default', label: 'limit=50', search: 'limit=50', query: { field: 'name', direction: 'asc', limit: 50 } },
  { id: 'search', label: 'limit=50&q=jan', search: 'limit=50&q=jan', query: { field: 'name', direction: 'asc', limit: 50, q: 'jan' } },
  { id: 'email-desc', label: 'limit=50&sort=email:desc', search: 'limit=50&sort=email%3Adesc', query: { field: 'email', direction: 'desc', limit: 50 } },
] as const satisfies ReadonlyArray<{ id: string; label: string; search: string; query: UserListFilters }>;

/**
 * The cost of the permission filter: the same list with the ability's where-clause (listUsers) and
 * without it (listAllUsers), interleaved pair by pair (alternating which goes first), after a warm-up.
 */
async function filterOverhead(db: Kysely<DB>, ability: AppAbility, customerId: string, query: UserListFilters, iterations: number) {
  const withFilter: number[] = [];
  const without: number[] = [];
  const warmup = Math.min(100, iterations);
  const time = async (a: AppAbility | null) => {
    const t0 = process.hrtime.bigint();
    const rows = a ? await listUsers(db, a, customerId, query) : await listAllUsers(db, customerId, query);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (rows.length === 0) throw new Error('listUsers returned no rows: the scale data is missing');
    return ms;
  };
  for (let i = 0; i < warmup + iterations; i++) {
    const filteredFirst = i % 2 === 0;
    const first = await time(filteredFirst ? ability : null);
    const second = await time(filteredFirst ? null : ability);
    if (i < warmup) continue;
    withFilter.push(filteredFirst ? first : second);
    without.push(filteredFirst ? second : first);
  }
  return { withFilter: summarize(withFilter), without: summarize(without) };
}

/**
 * The user list of a customer with 5,000 users (seed scale: 50,000 SIMs): its latency at a fixed
 * 200 req/s over HTTP (p97.5 ≤ 50 ms), the cost of the permission filter in SQL (≤ 1.25× the
 * same query without it) and the ability build with 50 grants and 10 delegations (p99 ≤ 5 ms).
 */
export const usersSuite: Suite = {
  name: 'users',
  description: 'user list of a 5,000-user customer, permission-filter overhead, ability with delegations',
  async run({ db, databaseUrl, overrides, log, startServer }) {
    const rounds = overrides.rounds ?? 1;
    const duration = overrides.duration ?? 10;
    const connections = overrides.connections ?? 10;
    const iterations = overrides.iterations ?? 500;
    const abilityIterations = overrides.iterations ?? 5000;

    log(`seeding the demo data and the scale customer (${SCALE_SIMS.toLocaleString('en-US')} SIMs, ${(SCALE_SIMS / 10).toLocaleString('en-US')} users)`);
    const seedStart = Date.now();
    await seed(db, { scaleSims: SCALE_SIMS });
    const seedSeconds = (Date.now() - seedStart) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s; analyzing`);
    const now = new Date();
    const heavy = await createHeavyUser(db, { grants: 50, delegations: 10, tag: 'g50d10', now });
    await settle(db);
    const megacorp = await db.selectFrom('customers').select('id').where('enterprise_number', '=', SCALE_CUSTOMER_NUMBER).executeTakeFirstOrThrow();
    const owner = await db.selectFrom('users').select('id').where('email', '=', SCALE_OWNER).executeTakeFirstOrThrow();
    const users = await db.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n')).where('customer_id', '=', megacorp.id).executeTakeFirstOrThrow();

    // (c) The ability build with 50 grants and 10 delegations.
    const ability = await measureAbilityRuns(databaseUrl, heavy, { iterations: abilityIterations, label: '50 grants + 10 delegations', log });

    // (b) The permission filter's cost, in process, with the scale owner's own ability.
    const session = await db.insertInto('sessions').values({ user_id: owner.id, expires_at: new Date(now.getTime() + 86_400_000) }).returning('id').executeTakeFirstOrThrow();
    const ownerAbility = defineAbilityFor((await loadAccessContext(db, owner.id, session.id, now))!.context);
    const timings: TimingRow[] = [...ability.rows];
    const filterTargets: TargetResult[] = [];
    for (const variant of VARIANTS) {
      log(`listUsers ${variant.label}: ${iterations} interleaved pairs, with and without the permission filter`);
      const result = await filterOverhead(db, ownerAbility, megacorp.id, variant.query, iterations);
      timings.push({ label: `listUsers ${variant.label}, with filter`, ...result.withFilter });
      timings.push({ label: `listUsers ${variant.label}, no filter`, ...result.without });
      filterTargets.push(target(`filter-overhead-${variant.id}`, `listUsers(${variant.label}) with the permission filter vs without, ratio of medians`,
        result.withFilter.p50 / result.without.p50, '≤', 1.25, '×',
        `${result.withFilter.p50.toFixed(3)} / ${result.without.p50.toFixed(3)} ms (p50), ${iterations} pairs`));
    }

    // (a) HTTP at a fixed rate.
    const app = await startServer('app', './serve-app.ts', { BENCH_APP_DATABASE_URL: databaseUrl, NODE_ENV: 'production' });
    const bearer = await signIn(app.baseUrl, SCALE_OWNER, DEMO_PASSWORD);
    const loads: HttpLoad[] = VARIANTS.map((v) => ({
      label: `users ${v.label}`, url: `${app.baseUrl}/api/v1/customers/${megacorp.id}/users?${v.search}`, headers: bearer, connections, duration, overallRate: RATE,
    }));
    log(`HTTP: ${loads.length} user lists at ${RATE} req/s with autocannon (${rounds} round(s) × ${duration} s, ${connections} connections)`);
    const bursts = await runInterleaved(loads, { rounds, warmupSeconds: 2, log });
    const paced: HttpSummary[] = [];
    for (const load of loads) {
      const run = await runPaced({ ...load, connections: PACED_SOCKETS, overallRate: RATE });
      log(`paced ${load.label}: ${run.reqPerSec.toFixed(0)} req/s, p97.5 ${run.latency.p97_5.toFixed(1)} ms`);
      paced.push(run);
    }
    const http = loads.flatMap((_, i) => [bursts[i]!, paced[i]!]);
    const httpTargets = paced.map((run, i) => target(`list-p97.5-${VARIANTS[i]!.id}`, `GET …/users?${VARIANTS[i]!.label} at a steady ${RATE} req/s, p97.5`,
      run.latency.p97_5, '≤', 50, 'ms',
      `${run.dropped > 0 ? `OVERLOADED, ${run.dropped} requests dropped; ` : ''}paced p50 ${run.latency.p50.toFixed(1)}, p99 ${run.latency.p99.toFixed(1)} ms; `
        + `autocannon p97.5 ${bursts[i]!.latency.p97_5} ms at ${bursts[i]!.reqPerSec.toFixed(0)} req/s`,
      run.non2xx === 0 && run.errors === 0 && run.dropped === 0));
    const abilityTarget = target('ability-50-grants-10-delegations', 'loadAccessContext + defineAbilityFor + whereAccessible(Sim), cache miss, 50 grants + 10 delegations, p99 (median of runs)',
      ability.median.total.p99, '≤', 5, 'ms', ability.detail);

    return {
      parameters: {
        scaleSims: SCALE_SIMS, megacorpUsers: users.n, seedSeconds: Number(seedSeconds.toFixed(1)), rate: RATE, rounds, secondsPerRun: duration, connections, pacedSockets: PACED_SOCKETS,
        listIterations: iterations, abilityIterations, grants: heavy.grants, delegations: heavy.delegations, rules: ability.median.rules,
      },
      http,
      timings,
      targets: [...httpTargets, ...filterTargets, abilityTarget],
    };
  },
};
