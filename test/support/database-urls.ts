export const TEMPLATE_PREFIX = 'mandate_tpl_';
export const CLONE_PREFIX = 'mandate_t_';

/** Test databases carry the pid of the run that made them, so a run only clears what dead runs left. */
export function ownerPid(database: string): number | null {
  const match = /^mandate_(?:tpl|t)_(\d+)/.exec(database);
  return match ? Number(match[1]) : null;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The fixed instant the seeded data is made at; tests put their clock after it. */
export const SEED_NOW = new Date('2026-11-02T09:00:00Z');

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The maintenance database on the same server (where CREATE/DROP DATABASE run). */
export function adminUrl(base: string): string {
  return databaseUrl(base, new URL(base).pathname.slice(1) || 'postgres');
}
